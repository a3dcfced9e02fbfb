"""The demo projects: every stage, category and aim; real evidence where the
measurement demo planted an improvement; the demo log-ins take part; indexed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from qls.demo import steps as demo_steps
from qls.demo.build import build_demo
from qls.demo.projects import plan as projects_demo
from qls.projects.models import (
    Evaluation,
    Evidence,
    PDSACycle,
    Project,
    ProjectMember,
    SearchDocument,
)
from qls.projects.search.query import search_projects

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    # Only the steps the projects demo stands on (later areas have their own tests).
    # Built once for the module: the measurement step alone takes seconds.
    saved = demo_steps.STEPS
    demo_steps.STEPS = demo_steps.up_to("projects")
    counts = dict(projects_demo.COUNTS)
    projects_demo.COUNTS["standard"] = 120
    with django_db_blocker.unblock():
        build_demo(scale="standard", staff_count=400, force=True, log=lambda _m: None)
    yield
    demo_steps.STEPS = saved
    projects_demo.COUNTS.update(counts)
    with django_db_blocker.unblock():
        # Leave the database as a fresh test database, as transactional tests do.
        call_command("flush", interactive=False, verbosity=0)


def test_every_stage_category_site_and_aim_is_there(built):
    assert Project.objects.count() == 120
    assert set(Project.objects.values_list("stage", flat=True)) == {
        "idea", "scoping", "testing", "implementing", "sustaining", "closed",
    }  # fmt: skip
    assert set(Project.objects.values_list("category", flat=True)) == {"fix", "improve", "change"}
    assert Project.objects.values("site").distinct().count() == 3
    aims = Project.strategic_aims.through.objects.values("strategicaim__number").distinct()
    assert {a["strategicaim__number"] for a in aims} == {1, 2, 3, 4, 5}


def test_closed_projects_have_evaluations_and_a_reason(built):
    closed = Project.objects.filter(stage="closed")
    assert closed.exists()
    assert Evaluation.objects.count() == closed.count()
    assert not closed.filter(closure_outcome="").exists()


def test_planted_improvements_are_found_as_evidence(built):
    from qls.demo.measurement.periods import demo_improvements

    planted = {(metric, ward) for metric, ward, _ in demo_improvements()}
    found = {
        (e.measure.series.metric.code, e.measure.series.ward.code)
        for e in Evidence.objects.filter(found=True, measure__series__isnull=False).select_related(
            "measure__series__metric", "measure__series__ward"
        )
    }
    # Every planted improvement has a project; most show as evidence (the rest
    # met a signal already under way when the change was adopted).
    assert len(planted & found) >= len(planted) // 2
    sample = Evidence.objects.filter(found=True).first()
    assert "special cause improvement" in sample.sentence
    assert sample.adopted_on < sample.first_period


def test_some_projects_show_no_change(built):
    measured = Evidence.objects.values("measure__project").distinct().count()
    improved = Evidence.objects.filter(found=True).values("measure__project").distinct().count()
    assert 0 < improved < measured


def test_demo_logins_lead_and_coach_projects(built):
    roles = dict(
        ProjectMember.objects.filter(staff__user__username__in=["lead", "coach"])
        .values_list("staff__user__username")
        .annotate(n=Count("pk"))
    )
    assert roles["lead"] >= 5
    assert roles["coach"] >= 10
    assert ProjectMember.objects.filter(staff__user__username="lead", role="lead").count() >= 5


def test_pdsa_ramps_link_to_the_cycle_before(built):
    second = PDSACycle.objects.filter(number=2).select_related("previous")
    assert second.exists()
    assert all(c.previous and c.previous.number == 1 for c in second)
    assert set(PDSACycle.objects.values_list("act_decision", flat=True)) >= {"adopt", "adapt"}


def test_every_demo_project_is_searchable(built):
    assert SearchDocument.objects.count() == Project.objects.count()
    assert search_projects("falls").exists()


def test_a_measure_has_its_limits_recalculated_after_an_adopted_change(built):
    from qls.projects.models import Recalculation
    from qls.projects.services.summary import measure_summary

    row = Recalculation.objects.select_related("measure__project", "decided_by", "cycle").get()
    assert row.status == Recalculation.Status.APPROVED
    coach = row.measure.project.members.get(role=ProjectMember.Role.COACH)
    assert coach.staff.user_id == row.decided_by_id
    assert row.cycle.adopted
    assert row.cycle.ended_on <= row.period
    view = measure_summary(row.measure)
    assert view.analysis.summary["n_segments"] == 2
    assert (
        view.assurance_basis
        == f"Assurance judged on the limits from {row.period.day} {row.period:%b %Y}"
    )


def test_demo_rebases_name_who_proposed_and_approved_and_one_waits(built):
    from qls.measurement import rebasing
    from qls.measurement.models import RebasePoint

    ulcers = RebasePoint.objects.select_related("created_by", "decided_by").get(
        metric__code="pressure-ulcers"
    )
    assert ulcers.status == RebasePoint.Status.APPROVED
    assert (ulcers.created_by.username, ulcers.decided_by.username) == ("analyst", "executive")
    pending = RebasePoint.objects.select_related("metric__owner__user").get(
        status=RebasePoint.Status.PROPOSED
    )
    assert pending.created_by.username == "analyst"
    assert rebasing.pending_for(pending.metric.owner.user) == [pending]


def test_coaches_confirmed_most_scores_with_one_override_and_some_left_to_do(built):
    from qls.accounts.models import User
    from qls.projects.models import ProgressScore

    coached = set(
        ProjectMember.objects.filter(role=ProjectMember.Role.COACH).values_list(
            "project_id", flat=True
        )
    )
    scored = set(ProgressScore.objects.values_list("project_id", flat=True))
    assert scored <= coached
    assert len(scored) > len(coached) // 2
    overrides = ProgressScore.objects.exclude(reason="")
    assert overrides.count() == 1
    override = overrides.get()
    assert override.confirmed == override.suggested - Decimal("0.5")
    coach = User.objects.get(username="coach")
    assert override.confirmed_by == coach
    theirs = set(
        ProjectMember.objects.filter(role="coach", staff__user=coach).values_list(
            "project_id", flat=True
        )
    )
    assert theirs - scored, "the demo coach has scores still to confirm"
    assert ProgressScore.history.count() == ProgressScore.objects.count()
