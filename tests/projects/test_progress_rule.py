"""The IHI progress score rule: constructed facts, one test per rung, and properties."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qls.projects.progress import (
    SCALE,
    SUSTAIN_POINTS,
    VALUES,
    MeasureFacts,
    ProjectFacts,
    label,
    parse,
    suggest,
)

IMPROVED = MeasureFacts(
    "Falls per 1,000 bed days", "Falls per 1,000 bed days: special cause improvement"
)
HELD = replace(IMPROVED, further_points=SUSTAIN_POINTS, latest_improving=SUSTAIN_POINTS)
PASSING = replace(HELD, consistent_pass=True)


def test_the_scale_has_ten_rungs_from_half_to_five_with_the_ihi_labels():
    assert [str(v) for v in VALUES] == [
        "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0",
    ]  # fmt: skip
    assert dict(SCALE)[Decimal("0.5")] == "Intent to participate"
    assert dict(SCALE)[Decimal("5.0")] == "Outstanding sustainable results"
    assert label(Decimal("2.5")) == "2.5 Changes tested, but no improvement"


@pytest.mark.parametrize(
    ("text", "value"),
    [("3.5", Decimal("3.5")), ("3", Decimal("3.0")), (" 5.0 ", Decimal("5.0")), ("6", None),
     ("0", None), ("2.25", None), ("three", None), ("", None), ("NaN", None)],
)  # fmt: skip
def test_parse_accepts_only_values_on_the_scale(text, value):
    assert parse(text) == value


RUNGS = [
    ("0.5", ProjectFacts(stage="idea", team_size=1), "registered at the idea stage"),
    ("1.0", ProjectFacts(stage="idea", team_size=3), "3 people on the team"),
    ("1.0", ProjectFacts(stage="scoping", team_size=1), "moved on to the scoping stage"),
    ("1.5", ProjectFacts(stage="scoping", change_ideas=2), "2 change ideas in the driver diagram"),
    ("1.5", ProjectFacts(stage="scoping", cycles_planned=1), "1 PDSA cycle planned"),
    ("2.0", ProjectFacts(stage="scoping", cycles_planned=1, cycles_started=1), "under way"),
    ("2.0", ProjectFacts(stage="testing"), "reached the testing stage"),
    ("2.0", ProjectFacts(stage="scoping", measures=1, measures_with_data=1), "data collected"),
    ("2.5", ProjectFacts(stage="testing", adapted=1), "1 adapted"),
    ("2.5", ProjectFacts(stage="testing", abandoned=2), "2 abandoned"),
    ("3.0", ProjectFacts(stage="implementing", adopted=1, adapted=1), "1 change adopted"),
    ("3.5", ProjectFacts(stage="implementing", adopted=1, evidence=(IMPROVED,)),
     "special cause improvement"),
    ("4.0", ProjectFacts(stage="implementing", adopted=1, evidence=(HELD,)),
     f"held for {SUSTAIN_POINTS} points in a row"),
    ("4.5", ProjectFacts(stage="sustaining", adopted=1, evidence=(HELD,)), "sustaining stage"),
    ("4.5", ProjectFacts(stage="closed", closure_outcome="spread", adopted=1, evidence=(HELD,)),
     "closed as spread"),
    ("5.0", ProjectFacts(stage="sustaining", adopted=1, evidence=(PASSING,), aim_achieved="yes"),
     "consistently meets its target"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "facts", "reason"), RUNGS)
def test_each_rung_is_suggested_with_the_fact_that_met_it(value, facts, reason):
    suggestion = suggest(facts)
    assert suggestion.value == Decimal(value)
    assert any(reason in r for r in suggestion.reasons), suggestion.reasons


def test_every_rung_has_a_case():
    assert {Decimal(v) for v, _f, _r in RUNGS} == set(VALUES)


def test_an_improvement_not_yet_held_for_six_further_points_stays_at_three_and_a_half():
    short = replace(IMPROVED, further_points=SUSTAIN_POINTS - 1, latest_improving=SUSTAIN_POINTS)
    lapsed = replace(IMPROVED, further_points=20, latest_improving=SUSTAIN_POINTS - 1)
    for measure in (short, lapsed):
        assert suggest(ProjectFacts(stage="implementing", evidence=(measure,))).value == Decimal(
            "3.5"
        )


def test_sustained_improvement_without_the_sustaining_stage_stays_at_four():
    facts = ProjectFacts(stage="closed", closure_outcome="stopped", evidence=(HELD,))
    assert suggest(facts).value == Decimal("4.0")


def test_outstanding_results_need_the_aim_achieved_in_the_evaluation():
    facts = ProjectFacts(stage="sustaining", evidence=(PASSING,), aim_achieved="partly")
    assert suggest(facts).value == Decimal("4.5")


def test_the_suggestion_says_what_the_next_rung_needs_and_nothing_at_the_top():
    assert "change adopted" in suggest(ProjectFacts(stage="testing", adapted=1)).next_step
    top = ProjectFacts(stage="sustaining", evidence=(PASSING,), aim_achieved="yes")
    assert suggest(top).next_step == ""


measures = st.builds(
    MeasureFacts,
    name=st.just("Measure"),
    sentence=st.just("Measure: special cause improvement"),
    further_points=st.integers(0, 30),
    latest_improving=st.integers(0, 30),
    consistent_pass=st.booleans(),
)
facts = st.builds(
    ProjectFacts,
    stage=st.sampled_from(["idea", "scoping", "testing", "implementing", "sustaining", "closed"]),
    closure_outcome=st.sampled_from(["", "sustained", "spread", "stopped"]),
    team_size=st.integers(0, 6),
    change_ideas=st.integers(0, 4),
    measures=st.integers(0, 4),
    measures_with_data=st.integers(0, 4),
    cycles_planned=st.integers(0, 4),
    cycles_started=st.integers(0, 4),
    adopted=st.integers(0, 3),
    adapted=st.integers(0, 3),
    abandoned=st.integers(0, 3),
    evidence=st.lists(measures, max_size=3).map(tuple),
    aim_achieved=st.sampled_from(["", "yes", "partly", "no"]),
)


@given(facts)
def test_every_suggestion_is_on_the_scale_with_reasons(f):
    suggestion = suggest(f)
    assert suggestion.value in VALUES
    assert suggestion.reasons
    assert all(r.strip() for r in suggestion.reasons)


@given(facts, measures)
def test_more_evidence_never_lowers_the_suggestion(f, extra):
    more = replace(
        f, evidence=(*f.evidence, extra), adopted=f.adopted + 1, cycles_started=f.cycles_started + 1
    )
    assert suggest(more).value >= suggest(f).value
