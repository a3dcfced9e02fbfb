"""Recalculating a project measure's limits after an adopted change, with the coach's approval.

The measure: twelve weeks of falls alternating 10 and 11 before 'Bay nursing'
was adopted on 31 Mar 2025, then seventeen weeks alternating 4 and 4.4,
against a target of 6 (lower is better). Judged on the baseline limits (about
7.8 to 13.2) the target is below the lower limit: "consistently failing".
Judged on the process since the change (about 3.1 to 5.3), it is met every week.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.projects import recalculation
from qls.projects.evidence import IMPROVEMENT, Adoption, Point
from qls.projects.models import PDSACycle, Recalculation
from qls.projects.recalculation import propose
from qls.projects.services.summary import measure_summary
from tests.factories.accounts import PERSONAS
from tests.factories.projects import MeasureFactory, add_values, change_idea, project_with_team

START = dt.date(2025, 1, 6)
ADOPTED = START + dt.timedelta(weeks=12)  # 31 Mar 2025
BASELINE = [10.0, 11.0] * 6
AFTER = [4.0, 4.4] * 8 + [4.0]


def week(i: int) -> dt.date:
    return START + dt.timedelta(weeks=i)


# ------------------------------------------------------------ the rule, pure


def shift_points(n_before: int, n_shift: int, kind: str = IMPROVEMENT) -> list[Point]:
    before = [Point(week(i), "common_cause") for i in range(n_before)]
    shift = [Point(week(n_before + i), kind, ("rule_shift",)) for i in range(n_shift)]
    return before + shift


def test_a_shift_after_an_adoption_proposes_its_first_point():
    points = shift_points(12, 8)
    found = propose(points, [Adoption(week(11), "Bay nursing")], direction="decrease")
    assert found is not None
    assert (found.period, found.points, found.adoption.idea) == (week(12), 8, "Bay nursing")
    assert "8 points in a row on the improving side of the mean from 31 Mar 2025" in found.reason()


def test_a_shift_that_began_before_the_adoption_proposes_nothing():
    points = shift_points(12, 8)
    assert propose(points, [Adoption(week(14), "Bay nursing")], direction="decrease") is None


def test_a_shift_the_wrong_way_proposes_nothing():
    points = shift_points(12, 8, kind="special_cause_concern")
    assert propose(points, [Adoption(week(11), "Bay nursing")], direction="decrease") is None


def test_points_improving_without_the_shift_rule_propose_nothing():
    points = [Point(week(i), IMPROVEMENT, ("rule_astronomical",)) for i in range(12, 20)]
    assert propose(points, [Adoption(week(11), "Bay nursing")], direction="decrease") is None


def test_neutral_measures_and_measures_without_adoptions_get_no_proposal():
    points = shift_points(12, 8)
    assert propose(points, [Adoption(week(11), "Bay nursing")], direction="neutral") is None
    assert propose(points, [], direction="decrease") is None


def test_a_decided_period_is_not_proposed_again_but_a_later_shift_is():
    points = shift_points(12, 8)
    points += [Point(week(20), "common_cause")]
    points += [Point(week(21 + i), IMPROVEMENT, ("rule_shift",)) for i in range(7)]
    adoption = [Adoption(week(11), "Bay nursing")]
    later = propose(points, adoption, direction="decrease", decided=[week(12)])
    assert later is not None
    assert later.period == week(21)
    assert propose(points, adoption, direction="decrease", decided=[week(12), week(21)]) is None


def test_after_a_recalculation_only_a_later_adoption_can_propose_again():
    points = shift_points(12, 8) + [
        Point(week(20 + i), IMPROVEMENT, ("rule_shift",)) for i in range(1)
    ]
    first = [Adoption(week(11), "Bay nursing")]
    # Recalculated from week 12: the shift within the new segment needs a newer adoption.
    assert propose(points, first, direction="decrease", segment_start=week(12)) is None
    newer = [*first, Adoption(week(13), "Night huddle")]
    found = propose(points, newer, direction="decrease", segment_start=week(12))
    assert found is None  # the run started at week 12, before the newer adoption
    run = shift_points(14, 7)
    found = propose(run, newer, direction="decrease", segment_start=week(12))
    assert found is not None
    assert (found.period, found.adoption.idea) == (week(14), "Night huddle")


# ------------------------------------------------------------ the service and pages


@pytest.fixture
def world(personas, reference_data):
    project = project_with_team(personas)
    idea = change_idea(project, "Bay nursing")
    cycle = PDSACycle.objects.create(
        change_idea=idea, number=1, plan_what="One bay at night", prediction="Fewer falls",
        started_on=week(8), act_decision=PDSACycle.Act.ADOPT, ended_on=ADOPTED,
    )  # fmt: skip
    measure = MeasureFactory(project=project, target=6.0)
    add_values(measure, START, BASELINE + AFTER)
    return {"project": project, "measure": measure, "cycle": cycle}


def decide_url(w) -> str:
    return reverse("projects:recalculation_decide", args=[w["project"].pk, w["measure"].pk])


@pytest.mark.django_db
def test_the_coach_approves_and_assurance_is_judged_on_the_new_limits(client, personas, world):
    measure = world["measure"]
    before = measure_summary(measure)
    assert before.analysis.assurance_icon == "consistent_fail"
    assert before.assurance_basis == "Assurance judged on the limits from 6 Jan 2025"
    assert before.proposal is not None
    assert before.proposal.period == ADOPTED

    client.force_login(personas["lead"])
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "QLS proposes recalculating the limits from 31 Mar 2025" in page
    assert "Waiting for the project's coach" in page

    client.force_login(personas["coach"])
    page = client.get(measure.get_absolute_url()).content.decode()
    assert decide_url(world) in page
    response = client.post(
        decide_url(world),
        {"decision": "approve", "reason": "Bay nursing is how the ward works now"},
    )
    assert response.status_code == 302
    row = Recalculation.objects.get()
    assert (row.period, row.status, row.decided_by) == (ADOPTED, "approved", personas["coach"])
    assert row.cycle == world["cycle"]
    assert "'Bay nursing' was adopted on 31 Mar 2025" in row.reason

    after = measure_summary(measure)
    assert after.analysis.summary["n_segments"] == 2
    assert after.analysis.assurance_icon == "consistent_pass"
    assert after.assurance_basis == "Assurance judged on the limits from 31 Mar 2025"
    assert after.proposal is None
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Assurance judged on the limits from 31 Mar 2025" in page
    assert "Bay nursing is how the ward works now" in page


@pytest.mark.django_db
def test_evidence_is_still_judged_against_the_process_before_the_change(personas, world):
    from qls.projects.evidence_store import refresh_evidence

    measure = world["measure"]
    recalculation.record_decision(
        measure=measure,
        proposal=measure_summary(measure).proposal,
        approve=True,
        reason="Embedded",
        by=personas["coach"],
    )
    evidence = refresh_evidence(measure)
    assert evidence.found
    assert evidence.first_period == ADOPTED


@pytest.mark.django_db
def test_a_refused_recalculation_keeps_the_limits_and_is_not_proposed_again(
    client, personas, world
):
    client.force_login(personas["coach"])
    client.post(decide_url(world), {"decision": "refuse", "reason": "Too early to say"})
    row = Recalculation.objects.get()
    assert (row.status, row.decision_reason) == ("refused", "Too early to say")
    assert row.history.first().history_change_reason == "Refused: Too early to say"
    view = measure_summary(world["measure"])
    assert view.proposal is None
    assert view.analysis.assurance_icon == "consistent_fail"
    assert client.get(decide_url(world)).status_code == 404


@pytest.mark.django_db
def test_a_decision_without_a_reason_is_refused_and_nothing_saved(client, personas, world):
    client.force_login(personas["coach"])
    response = client.post(decide_url(world), {"decision": "approve", "reason": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the reason for your decision" in page
    no_choice = client.post(decide_url(world), {"reason": "Fine"})
    assert "Choose whether to approve or refuse the recalculation" in no_choice.content.decode()
    assert not Recalculation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*sorted(PERSONAS), "anonymous"])
def test_only_the_coach_reaches_the_decision(client, personas, world, persona):
    if persona != "anonymous":
        client.force_login(personas[persona])
    status = client.get(decide_url(world)).status_code
    posted = client.post(decide_url(world), {"decision": "approve", "reason": "Agreed"})
    if persona == "anonymous":
        assert (status, posted.status_code) == (302, 302)
    elif persona == "coach":
        assert (status, posted.status_code) == (200, 302)
    else:
        assert (status, posted.status_code) == (403, 403)
    assert Recalculation.objects.exists() == (persona == "coach")


@pytest.mark.django_db
def test_without_a_coach_the_improvement_team_decides(client, personas, world):
    world["project"].members.filter(role="coach").delete()
    client.force_login(personas["improvement"])
    assert client.get(decide_url(world)).status_code == 200
    client.force_login(personas["lead"])
    assert client.get(decide_url(world)).status_code == 403


def test_the_examples_in_the_docstrings_hold():
    import doctest

    from qls.measurement.charts import series as series_charts

    for module in (recalculation, series_charts):
        result = doctest.testmod(module)
        assert result.attempted > 0
        assert result.failed == 0
