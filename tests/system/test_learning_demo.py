"""The demo's learning and co-production tell the truth: every rung, every step, real sources."""

from __future__ import annotations

import pytest

from qls.demo import steps as demo_steps
from qls.demo.build import build_demo
from qls.projects.models import Stage
from qls.system.learning import queries
from qls.system.learning.models import (
    Ladder,
    NQBStep,
    SharedLearning,
    SystemPriority,
    WeSaidWeDid,
)

pytestmark = pytest.mark.django_db

STEPS = {"projects", "system-risks", "system-learning"}


@pytest.fixture
def built(db, monkeypatch):
    monkeypatch.setattr(demo_steps, "STEPS", demo_steps.only(*STEPS))
    build_demo(staff_count=120, log=lambda _: None)


def test_the_demo_learning(built):
    entries = list(WeSaidWeDid.objects.all())
    assert len(entries) == 15
    assert {e.ladder for e in entries} == set(Ladder.values)
    assert {e.status for e in entries} == set(WeSaidWeDid.Status.values)
    assert any(not e.published for e in entries)
    assert all(e.heard_by.exists() for e in entries)
    assert len({e.organisation_id for e in entries}) >= 6
    published = queries.published_entries()
    assert {e.ladder for e in published} == set(Ladder.values)

    items = list(SharedLearning.objects.all())
    assert len(items) == 6
    from_projects = [i for i in items if i.project_id]
    assert from_projects
    assert all(i.project.stage == Stage.CLOSED for i in from_projects)
    assert {i.source for i in items} == set(SharedLearning.Source.values)
    assert all(i.recipients.exists() for i in items)

    priorities = SystemPriority.objects.all()
    assert {p.step for p in priorities} == set(NQBStep.values)
    assert {p.progress for p in priorities} == {"not_started", "under_way", "embedded"}
    for priority in priorities.exclude(progress="not_started"):
        assert priority.notes.first().progress == priority.progress


def test_the_partner_log_in_sees_its_own_entries_and_learning(built):
    from qls.accounts.models import User

    partner = User.objects.get(username="partner")
    own = queries.editable_entries(partner)
    assert own.exists()
    assert {e.organisation.code for e in own} == {"EEMHC"}
    assert queries.visible_learning(partner).exists()
    assert queries.visible_learning(partner).count() < SharedLearning.objects.count()
