"""The celebrations demo step: two past events with 60 posters and awards, one open event."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from qls.community.celebrations.models import (
    CelebrationEvent,
    ProgrammeItem,
    Registration,
    Score,
    Submission,
    word_count,
)
from qls.core.screening import contains_patient_identifier
from qls.demo import steps as demo_steps
from qls.demo.context import DemoContext
from qls.projects.models import ProjectMember

pytestmark = pytest.mark.django_db


def test_demo_builds_past_events_with_awards_and_an_open_event_then_resets():
    ctx = DemoContext(scale="standard", seed=3, staff_count=400, log=lambda _: None)
    wanted = {"structure", "staff", "logins", "measurement", "projects", "celebrations"}
    steps = [s for s in demo_steps.STEPS if s.name in wanted]
    for step in steps[:-1]:
        step.build(ctx)
    started = time.perf_counter()
    steps[-1].build(ctx)
    took = time.perf_counter() - started
    today = timezone.localdate()
    past = CelebrationEvent.objects.filter(date__lt=today)
    assert past.count() == 2
    assert Submission.objects.filter(event__in=past).count() == 60
    for event in past:
        awarded = event.submissions.filter(award__isnull=False)
        assert awarded.count() == event.categories.count() == 5
        assert all(s.shortlisted for s in awarded)
        assert event.registrations.filter(status=Registration.Status.WAITLISTED).exists()
        assert ProgrammeItem.objects.filter(event=event).count() == 8
    upcoming = CelebrationEvent.objects.get(date__gte=today)
    assert upcoming.is_open_for_submissions()
    assert upcoming.judges.filter(staff__user=ctx.users["coach"]).exists()
    # Nobody scored a project they are on.
    for score in Score.objects.select_related("judge", "submission"):
        assert not ProjectMember.objects.filter(
            project=score.submission.project_id, staff=score.judge.staff_id
        ).exists()
    # Every abstract keeps the rules a person's would: 300 words, no identifiers.
    for abstract in Submission.objects.values_list("abstract", flat=True):
        assert 40 < word_count(abstract) <= 300
        assert not contains_patient_identifier(abstract)
    assert took < 20
    steps[-1].reset(ctx)
    assert not CelebrationEvent.objects.exists()
    assert not Submission.history.exists()
