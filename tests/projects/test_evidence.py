"""Evidence of improvement: constructed series, pure rule tests and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qls.projects.evidence import (
    IMPROVEMENT,
    Adoption,
    Point,
    find_evidence,
    improvement_signals,
    sentence,
)
from qls.projects.evidence_store import refresh_evidence
from qls.projects.measure_analysis import analyse_measure
from qls.projects.models import PDSACycle
from tests.factories.projects import MeasureFactory, ProjectFactory, add_values, change_idea

START = dt.date(2025, 1, 6)  # a Monday
BASELINE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11]
LOWER = [6, 7, 5, 6, 6, 7, 5, 6, 6, 7, 6, 5]


def week(n: int) -> dt.date:
    return START + dt.timedelta(weeks=n)


def _measure_with_adoption(values, adopted_week, direction="decrease", decision="adopt"):
    project = ProjectFactory()
    measure = MeasureFactory(project=project, improvement_direction=direction)
    add_values(measure, START, values)
    idea = change_idea(project, "Bay nursing")
    PDSACycle.objects.create(
        change_idea=idea, number=1, plan_what="Bay nursing at night", prediction="Fewer falls",
        started_on=week(adopted_week) - dt.timedelta(days=14), act_decision=decision,
        ended_on=week(adopted_week),
    )  # fmt: skip
    return measure


# ---------------------------------------------------------------- constructed series


@pytest.mark.django_db
def test_shift_after_adoption_is_evidence():
    measure = _measure_with_adoption(BASELINE + LOWER, adopted_week=20)
    evidence = refresh_evidence(measure)
    assert evidence.found
    assert evidence.first_period == week(20)
    assert evidence.adopted_on == week(20)
    assert evidence.sentence == (
        "Falls per 1,000 bed days: special cause improvement from week of 26 May 2025, "
        "the week 'Bay nursing' was adopted"
    )


@pytest.mark.django_db
def test_shift_some_weeks_after_adoption_says_how_many():
    measure = _measure_with_adoption([*BASELINE, 11, 12, 11, 12, *LOWER], adopted_week=20)
    evidence = refresh_evidence(measure)
    assert evidence.found
    assert evidence.first_period == week(24)
    assert "4 weeks after 'Bay nursing' was adopted" in evidence.sentence


@pytest.mark.django_db
def test_shift_that_began_before_adoption_is_not_evidence():
    measure = _measure_with_adoption(BASELINE + LOWER, adopted_week=26)
    analysis = analyse_measure(measure)
    assert analysis.improvement_points > 0  # the signal is there, it just came first
    assert not refresh_evidence(measure).found


@pytest.mark.django_db
def test_deterioration_after_adoption_is_not_evidence():
    higher = [v + 8 for v in LOWER]
    measure = _measure_with_adoption(BASELINE + higher, adopted_week=20)
    assert not refresh_evidence(measure).found


@pytest.mark.django_db
def test_noise_is_not_evidence():
    noise = [10, 12] * 16
    measure = _measure_with_adoption(noise, adopted_week=16)
    assert analyse_measure(measure).improvement_points == 0
    assert not refresh_evidence(measure).found


@pytest.mark.django_db
def test_a_change_that_was_only_adapted_is_not_an_adoption():
    measure = _measure_with_adoption(BASELINE + LOWER, adopted_week=20, decision="adapt")
    assert not refresh_evidence(measure).found


@pytest.mark.django_db
def test_higher_is_better_measures_improve_upwards():
    higher = [v + 8 for v in LOWER]
    measure = _measure_with_adoption(BASELINE + higher, adopted_week=20, direction="increase")
    assert refresh_evidence(measure).found


@pytest.mark.django_db
def test_evidence_goes_away_when_the_adoption_is_withdrawn():
    measure = _measure_with_adoption(BASELINE + LOWER, adopted_week=20)
    assert refresh_evidence(measure).found
    PDSACycle.objects.update(act_decision="abandon")
    assert not refresh_evidence(measure).found
    assert measure.evidence.history.count() == 2  # appeared, then went: both audited


@pytest.mark.django_db
def test_deleting_the_adopting_cycle_takes_the_evidence_with_it():
    from qls.projects import actions

    measure = _measure_with_adoption(BASELINE + LOWER, adopted_week=20)
    assert refresh_evidence(measure).found
    actions.delete_cycle(cycle=PDSACycle.objects.get())
    measure.evidence.refresh_from_db()
    assert not measure.evidence.found


# ---------------------------------------------------------------- the pure rule


def _pts(types, start=START):
    return [
        Point(start + dt.timedelta(weeks=i), t, ("rule_shift",) if t == IMPROVEMENT else ())
        for i, t in enumerate(types)
    ]


def test_runs_of_improvement_points_are_signals():
    types = [
        "common_cause",
        IMPROVEMENT,
        IMPROVEMENT,
        "common_cause",
        IMPROVEMENT,
        None,
        IMPROVEMENT,
    ]
    assert improvement_signals(_pts(types)) == [(1, 2), (4, 4), (6, 6)]


def test_the_most_recent_adoption_before_the_signal_is_named():
    types = ["common_cause"] * 6 + [IMPROVEMENT] * 7
    adoptions = [
        Adoption(week(1), "Safety huddle"),
        Adoption(week(4), "Bay nursing"),
        Adoption(week(9), "Later idea"),
    ]
    finding = find_evidence(_pts(types), adoptions, direction="decrease")
    assert finding is not None
    assert finding.adoption.idea == "Bay nursing"
    assert finding.first_period == week(6)
    assert finding.rule == "rule_shift"


def test_neutral_measures_never_show_evidence():
    types = ["common_cause"] * 3 + [IMPROVEMENT] * 7
    assert find_evidence(_pts(types), [Adoption(week(0), "x")], direction="neutral") is None


def test_sentence_for_monthly_data_counts_months():
    from qls.projects.evidence import Finding

    finding = Finding(
        dt.date(2025, 5, 1), Adoption(dt.date(2025, 2, 14), "Discharge lounge"), "rule_shift"
    )
    assert sentence("Delayed discharges", finding, "month") == (
        "Delayed discharges: special cause improvement from May 2025, "
        "3 months after 'Discharge lounge' was adopted"
    )


POINT_TYPES = st.sampled_from(
    [
        "common_cause",
        "special_cause_concern",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
        None,
    ]
)
ADOPTIONS = st.lists(
    st.builds(
        Adoption,
        on=st.dates(dt.date(2024, 1, 1), dt.date(2026, 1, 1)),
        idea=st.text(min_size=1, max_size=10),
    ),
    max_size=4,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(types=st.lists(POINT_TYPES, max_size=60), adoptions=ADOPTIONS)
def test_no_evidence_is_ever_claimed_without_an_improvement_signal(types, adoptions):
    assert find_evidence(_pts(types, dt.date(2024, 6, 3)), adoptions, direction="decrease") is None


@given(
    types=st.lists(
        st.sampled_from(["common_cause", IMPROVEMENT, "special_cause_concern"]), max_size=60
    ),
    adoptions=ADOPTIONS,
)
def test_evidence_never_starts_before_its_adoption(types, adoptions):
    points = _pts(types, dt.date(2024, 6, 3))
    finding = find_evidence(
        points, adoptions, direction="increase", improving_before=lambda a: False
    )
    if finding is None:
        return
    assert finding.adoption.on <= finding.first_period
    index = next(i for i, p in enumerate(points) if p.period == finding.first_period)
    assert points[index].point_type == IMPROVEMENT


def test_a_run_straddling_the_adoption_counts_only_if_it_was_not_a_signal_before():
    types = ["common_cause"] * 5 + [IMPROVEMENT] * 9
    adoption = Adoption(week(7), "Bay nursing")
    assert find_evidence(_pts(types), [adoption], direction="decrease") is None
    assert (
        find_evidence(
            _pts(types), [adoption], direction="decrease", improving_before=lambda a: True
        )
        is None
    )
    finding = find_evidence(
        _pts(types), [adoption], direction="decrease", improving_before=lambda a: False
    )
    assert finding is not None
    assert finding.first_period == week(7)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=40),
    adopted=st.integers(0, 45),
)
def test_series_without_special_cause_improvement_never_gives_evidence(values, adopted):
    from qls.spc import analyse

    periods = [week(i) for i in range(len(values))]
    result = analyse(
        {"series_id": [1] * len(values), "x": periods, "y": values},
        {"series_id": [1], "improvement_direction": ["decrease"]},
    )
    rows = result.series_points(1).to_pylist()
    points = [Point(r["x"], r["point_type"]) for r in rows]
    finding = find_evidence(points, [Adoption(week(adopted), "idea")], direction="decrease")
    if not any(p.point_type == IMPROVEMENT for p in points):
        assert finding is None
    elif finding is not None:
        assert finding.first_period >= week(adopted)


def test_a_signal_beginning_long_after_the_adoption_is_not_credited_to_it():
    types = ["common_cause"] * 70 + [IMPROVEMENT] * 7
    adopted = [Adoption(week(0), "Bay nursing")]
    window = dt.timedelta(weeks=12)
    # 70 weeks after: not evidence for the change, whatever caused it.
    assert find_evidence(_pts(types), adopted, direction="decrease", window=window) is None
    # Within the window it counts.
    soon = ["common_cause"] * 10 + [IMPROVEMENT] * 7
    finding = find_evidence(_pts(soon), adopted, direction="decrease", window=window)
    assert finding is not None
    assert finding.first_period == week(10)


@pytest.mark.django_db
def test_the_trust_sets_the_evidence_window(settings):
    late = [*BASELINE, *([11, 12, 11, 10] * 4), *LOWER]  # shift begins 16 weeks after
    measure = _measure_with_adoption(late, adopted_week=20)
    settings.QLS_EVIDENCE_WINDOW_WEEKS = 12
    assert not refresh_evidence(measure).found
    settings.QLS_EVIDENCE_WINDOW_WEEKS = 20
    assert refresh_evidence(measure).found


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(["common_cause", IMPROVEMENT]), min_size=1, max_size=60),
    st.lists(st.integers(0, 59), min_size=1, max_size=4),
    st.integers(1, 30),
)
def test_evidence_always_begins_within_the_window(types, weeks, window_weeks):
    adoptions = [Adoption(week(w), f"idea {w}") for w in weeks]
    window = dt.timedelta(weeks=window_weeks)
    finding = find_evidence(_pts(types), adoptions, direction="decrease", window=window)
    if finding is not None:
        assert dt.timedelta(0) <= finding.first_period - finding.adoption.on <= window


@pytest.mark.django_db
def test_the_pdsa_cycle_page_agrees_with_the_project_page_about_evidence(client, personas):
    from django.urls import reverse

    measure = _measure_with_adoption(BASELINE + LOWER, adopted_week=20)
    refresh_evidence(measure)
    cycle = PDSACycle.objects.get(change_idea__project=measure.project)
    client.force_login(personas["staff"])
    project_html = client.get(measure.project.get_absolute_url()).content.decode()
    cycle_html = client.get(
        reverse("projects:cycle", args=[measure.project.pk, cycle.pk])
    ).content.decode()
    for html in (project_html, cycle_html):
        assert "Evidence of improvement." in html
        assert "No evidence of improvement yet" not in html
