"""The IHI progress score on a project: the suggestion from recorded facts, who confirms
it, overrides with a reason, bad input refused with nothing written, and the lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from qls.projects import scores
from qls.projects.evidence_store import refresh_evidence
from qls.projects.models import PDSACycle, ProgressScore, Project, ProjectMember
from tests.factories.projects import (
    MeasureFactory,
    ProjectFactory,
    add_values,
    change_idea,
    project_with_team,
)

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 6)  # a Monday
BASELINE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11]
LOWER = [6, 7, 5, 6, 6, 7, 5, 6, 6, 7, 6, 5, 6, 7]


def _cycle(project, decision="", ended=None, number=1):
    return PDSACycle.objects.create(
        change_idea=change_idea(project, f"Idea {number}"), number=number,
        plan_what="Bay nursing at night", prediction="Fewer falls",
        started_on=START, act_decision=decision, ended_on=ended,
    )  # fmt: skip


def _improved(project, weeks_after=None):
    """A measure that shifts down the week a change is adopted, for ``weeks_after`` weeks."""
    measure = MeasureFactory(project=project)
    add_values(measure, START, BASELINE + LOWER[: weeks_after or len(LOWER)])
    _cycle(project, "adopt", START + dt.timedelta(weeks=len(BASELINE)))
    refresh_evidence(measure)
    return measure


@pytest.fixture
def project(personas):
    return project_with_team(personas)


# ---------------------------------------------------------------- the suggestion from the data


def test_a_new_idea_with_only_its_lead_is_suggested_intent_to_participate(project):
    Project.objects.filter(pk=project.pk).update(stage="idea")
    project.members.filter(role=ProjectMember.Role.COACH).delete()
    project.refresh_from_db()
    assert scores.suggest_score(project).value == Decimal("0.5")


def test_a_cycle_under_way_is_activity_and_a_decided_one_is_a_tested_change(project):
    Project.objects.filter(pk=project.pk).update(stage="scoping")
    project.refresh_from_db()
    cycle = _cycle(project)
    assert scores.suggest_score(project).value == Decimal("2.0")
    cycle.act_decision, cycle.ended_on = "adapt", START + dt.timedelta(weeks=2)
    cycle.save()
    assert scores.suggest_score(project).value == Decimal("2.5")


def test_an_adopted_change_without_evidence_is_modest_improvement(project):
    _cycle(project, "adopt", START + dt.timedelta(weeks=2))
    assert scores.suggest_score(project).value == Decimal("3.0")


def test_special_cause_improvement_after_an_adopted_change_is_improvement(project):
    measure = _improved(project, weeks_after=SHORT)
    assert measure.evidence.found
    suggestion = scores.suggest_score(project)
    assert suggestion.value == Decimal("3.5")
    assert any("special cause improvement" in r for r in suggestion.reasons)


SHORT = 4  # points outside the limits: evidence at once, but not yet held for six more


def test_improvement_held_for_six_further_points_is_significant(project):
    _improved(project)
    assert scores.suggest_score(project).value == Decimal("4.0")
    Project.objects.filter(pk=project.pk).update(stage="sustaining")
    project.refresh_from_db()
    assert scores.suggest_score(project).value == Decimal("4.5")


def test_suggestions_for_many_projects_take_a_fixed_number_of_queries(
    django_assert_max_num_queries, personas
):
    projects = [ProjectFactory() for _ in range(5)]
    for p in projects:
        _cycle(p, "adapt", START + dt.timedelta(weeks=2))
    with django_assert_max_num_queries(8):
        found = scores.suggestions(projects)
    assert {s.value for s in found.values()} == {Decimal("2.5")}


# ---------------------------------------------------------------- confirming: who


def _url(project):
    return reverse("projects:score", args=[project.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [("coach", 200), ("improvement", 200), ("admin", 200), ("lead", 403), ("staff", 403),
     ("analyst", 403), ("executive", 403), ("norole", 403)],
)  # fmt: skip
def test_only_the_coach_and_the_improvement_team_may_confirm(
    client, personas, project, who, status
):
    client.force_login(personas[who])
    assert client.get(_url(project)).status_code == status
    response = client.post(_url(project), {"confirmed": "1.0", "suggested": "1.0"})
    assert response.status_code == (302 if status == 200 else 403)
    assert ProgressScore.objects.filter(project=project).exists() == (status == 200)


def test_a_team_member_with_the_improvement_team_role_cannot_score_their_own_project(
    client, personas, project
):
    staff = personas["improvement"].staff_member
    ProjectMember.objects.create(project=project, staff=staff, role=ProjectMember.Role.MEMBER)
    client.force_login(personas["improvement"])
    assert client.get(_url(project)).status_code == 403


def test_anyone_not_signed_in_is_sent_to_log_in(client, project):
    response = client.get(_url(project))
    assert response.status_code == 302
    assert "login" in response["Location"]


# ---------------------------------------------------------------- confirming: what is kept


def test_the_form_starts_from_the_suggestion(client, personas, project):
    _cycle(project, "adopt", START + dt.timedelta(weeks=2))
    client.force_login(personas["coach"])
    page = client.get(_url(project)).content.decode()
    assert 'type="radio" value="3.0" checked' in page
    assert "1 change adopted after testing" in page


def test_confirming_the_suggestion_keeps_a_dated_record_with_its_reasons_and_history(
    client, personas, project
):
    _cycle(project, "adopt", START + dt.timedelta(weeks=2))
    client.force_login(personas["coach"])
    response = client.post(_url(project), {"confirmed": "3.0", "suggested": "3.0"})
    assert response.status_code == 302
    score = scores.current_score(project)
    assert (score.suggested, score.confirmed, score.reason) == (Decimal("3.0"), Decimal("3.0"), "")
    assert score.confirmed_by == personas["coach"]
    assert "change adopted" in score.suggestion_reasons
    assert score.history.count() == 1
    assert score.history.first().history_user == personas["coach"]


def test_an_override_with_a_reason_is_kept_beside_the_earlier_confirmation(
    client, personas, project
):
    _cycle(project, "adopt", START + dt.timedelta(weeks=2))
    client.force_login(personas["coach"])
    client.post(_url(project), {"confirmed": "3.0", "suggested": "3.0"})
    reason = "The change is adopted on one bay only, not yet across the ward"
    client.post(_url(project), {"confirmed": "2.5", "suggested": "3.0", "reason": reason})
    history = list(scores.score_history(project))
    assert [(s.suggested, s.confirmed) for s in history] == [
        (Decimal("3.0"), Decimal("2.5")),
        (Decimal("3.0"), Decimal("3.0")),
    ]
    assert history[0].reason == reason
    assert history[0].is_override
    page = client.get(project.get_absolute_url()).content.decode()
    assert "2.5 Changes tested, but no improvement" in page
    assert reason in page


def test_an_override_without_a_reason_is_refused_naming_the_reason(client, personas, project):
    client.force_login(personas["coach"])
    response = client.post(_url(project), {"confirmed": "4.0", "suggested": "1.0"})
    assert response.status_code == 400
    assert "Enter the reason for choosing 4.0 when QLS suggests 1.0" in response.content.decode()
    assert 'href="#id_reason"' in response.content.decode()
    assert not ProgressScore.objects.exists()


@pytest.mark.parametrize("value", ["6.0", "0", "2.25", "", "three"])
def test_a_score_outside_the_scale_is_refused_naming_the_score(client, personas, project, value):
    client.force_login(personas["coach"])
    response = client.post(
        _url(project), {"confirmed": value, "suggested": "1.0", "reason": "Because"}
    )
    assert response.status_code == 400
    assert 'href="#id_confirmed_0"' in response.content.decode()
    assert "Choose" in response.context["form"].errors["confirmed"][0]
    assert not ProgressScore.objects.exists()


def test_a_reason_with_an_nhs_number_is_refused(client, personas, project):
    client.force_login(personas["coach"])
    response = client.post(
        _url(project), {"confirmed": "2.0", "suggested": "1.0", "reason": "See 943 476 5919"}
    )
    assert response.status_code == 400
    assert not ProgressScore.objects.exists()


def test_a_suggestion_that_changed_while_the_page_was_open_is_checked_again(
    client, personas, project
):
    client.force_login(personas["coach"])
    response = client.post(_url(project), {"confirmed": "2.5", "suggested": "2.5"})
    assert response.status_code == 400
    assert "QLS now suggests 1.0" in response.content.decode()
    assert not ProgressScore.objects.exists()


def test_the_database_refuses_an_override_without_a_reason(project):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressScore.objects.create(project=project, suggested="2.0", confirmed="3.0")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressScore.objects.create(project=project, suggested="2.0", confirmed="2.2")


# ---------------------------------------------------------------- the pages and lists


def test_the_lead_sees_the_suggestion_and_the_confirmed_score_but_no_button(
    client, personas, project
):
    scores.confirm_score(project=project, by=personas["coach"], confirmed="1.0")
    client.force_login(personas["lead"])
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Suggested by QLS" in page
    assert "1.0 Forming team" in page
    assert _url(project) not in page
    client.force_login(personas["coach"])
    assert _url(project) in client.get(project.get_absolute_url()).content.decode()


def test_current_score_and_the_annotation_give_the_newest_confirmation(personas, project):
    other = ProjectFactory()
    assert scores.current_score(project) is None
    scores.confirm_score(project=project, by=personas["coach"], confirmed="1.0")
    scores.confirm_score(project=project, by=personas["coach"], confirmed="2.0", reason="Baseline")
    assert scores.current_score(project).confirmed == Decimal("2.0")
    found = dict(
        scores.with_progress_score(
            Project.objects.filter(pk__in=[project.pk, other.pk])
        ).values_list("pk", "progress_score")
    )
    assert found == {project.pk: Decimal("2.0"), other.pk: None}


def test_the_project_list_shows_and_filters_by_the_confirmed_score(client, personas, project):
    other = ProjectFactory(title="Unscored project")
    scores.confirm_score(project=project, by=personas["coach"], confirmed="2.0", reason="Data")
    client.force_login(personas["staff"])
    page = client.get(reverse("projects:index")).content.decode()
    assert "IHI progress score 2.0" in page
    page = client.get(reverse("projects:index"), {"score": "2.0"}).content.decode()
    assert project.title in page
    assert other.title not in page
    page = client.get(reverse("projects:index"), {"score": "none"}).content.decode()
    assert project.title not in page
    assert other.title in page
    csv = client.get(reverse("projects:index"), {"download": "csv"}).content.decode()
    assert "IHI progress score" in csv.splitlines()[0]


def test_a_closed_project_can_still_have_its_score_confirmed(client, personas, project):
    Project.objects.filter(pk=project.pk).update(stage="closed", closure_outcome="stopped")
    client.force_login(personas["coach"])
    response = client.post(_url(project), {"confirmed": "2.0", "suggested": "2.0"})
    assert response.status_code == 302
    assert scores.current_score(project).confirmed == Decimal("2.0")


def test_coach_with_a_staff_record_only_is_named_in_the_history(personas, project):
    score = scores.confirm_score(project=project, by=personas["coach"], confirmed="1.0")
    assert score.confirmed_by_name
