"""The ward programme's demo step builds a believable programme and resets cleanly."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from qls.demo import steps as demo_steps
from qls.demo.context import DemoContext
from qls.wards.models import (
    Action,
    Audit,
    EngagementEvent,
    Issue,
    StaffSurveyResult,
    SurveyImport,
    WardJourney,
    WardProgramme,
)

pytestmark = pytest.mark.django_db


def _build(staff_count: int = 600, with_training: bool = False) -> DemoContext:
    ctx = DemoContext(scale="standard", seed=3, staff_count=staff_count, log=lambda _: None)
    wanted = {"structure", "staff", "logins", "wards"} | (
        {"capability"} if with_training else set()
    )
    for step in demo_steps.STEPS:
        if step.name in wanted:
            step.build(ctx)
    return ctx


def test_nominees_join_practitioner_cohorts_without_overfilling_them():
    from qls.capability.models import Cohort, Enrolment

    _build(with_training=True)
    assert Enrolment.objects.filter(source="ward_event").exists()
    holding = ("offered", "enrolled", "completed")
    for cohort in Cohort.objects.annotate(
        held=Count("enrolments", filter=Q(enrolments__status__in=holding))
    ):
        assert cohort.held <= cohort.capacity, cohort


def test_demo_builds_two_rounds_with_issues_in_every_state():
    ctx = _build()
    first, second = WardProgramme.objects.order_by("start")
    assert first.end.isoformat() == "2024-12-31"
    assert WardJourney.objects.filter(programme=first).count() == 60
    assert set(WardJourney.objects.filter(programme=first).values_list("stage", flat=True)) == {
        "sustain"
    }
    # The second round shows several stages, and one site still has wards to plan.
    assert WardJourney.objects.filter(programme=second).count() == 55
    stages = set(WardJourney.objects.filter(programme=second).values_list("stage", flat=True))
    assert len(stages) >= 3
    assert 2500 <= Issue.objects.count() <= 3600
    assert set(Issue.objects.values_list("status", flat=True)) == {
        "new", "in_progress", "done", "not_taken_forward"
    }  # fmt: skip
    assert set(Issue.objects.values_list("category", flat=True)) >= {"fix", "improve", "change"}
    assert Issue.objects.filter(duplicate_of__isnull=False).exists()
    assert Issue.objects.filter(project__isnull=False).exists()
    assert Action.objects.filter(status="done").exists()
    assert Action.objects.exclude(status="done").exists()
    assert EngagementEvent.objects.count() > 60
    per_ward = Audit.objects.values("ward").annotate(n=Count("id"))
    assert len(per_ward) == 60
    assert min(r["n"] for r in per_ward) >= 4
    assert StaffSurveyResult.objects.exists()
    # Each survey's results came in one import, whose rows count them.
    imports = {i.filename: i for i in SurveyImport.objects.all()}
    for survey in StaffSurveyResult.objects.values_list("survey", flat=True).distinct():
        year = survey.rsplit(" ", 1)[1]
        job = imports[f"staff-survey-{year}-ward-themes.csv"]
        assert job.rows == job.rows_done == StaffSurveyResult.objects.filter(survey=survey).count()
        assert job.imported_by == ctx.users["analyst"]
    assert ctx.users["improvement"].staff_member.facilitated_journeys.exists()


def test_demo_resets_its_own_rows():
    ctx = _build(staff_count=300)
    for step in reversed(demo_steps.STEPS):
        if step.name == "wards" and step.reset:
            step.reset(ctx)
    assert not WardProgramme.objects.exists()
    assert not Issue.objects.exists()
    assert not Audit.objects.exists()
    assert not SurveyImport.objects.exists()


def test_demo_audits_span_two_template_versions_so_ward_charts_show_the_rebase():
    from qls.wards.audit_templates import template_problems, version_changes
    from qls.wards.models import AuditTemplate

    _build()
    first, second = AuditTemplate.objects.order_by("version")
    assert (first.active, second.active, second.based_on) == (False, True, first)
    assert "falls" in second.change_reason
    assert template_problems(first) == template_problems(second) == []
    ward_id = (
        Audit.objects.filter(template=first).values_list("ward", flat=True).order_by("ward")[0]
    )
    audits = list(Audit.objects.filter(ward_id=ward_id, status="submitted").order_by("date", "pk"))
    changes = version_changes(audits)
    assert [c["label"] for c in changes] == [f"Version 2: {second.change_reason}"]
