"""The demo's soft intelligence: every kind and sensitivity, most of it in the early-warning
window, linked to risks of its own organisation, and rebuilt without a protected-row error."""

from __future__ import annotations

import pytest

from qls.demo import steps as demo_steps
from qls.demo.build import build_demo
from qls.system.models import QualityRisk
from qls.system.warnings import queries
from qls.system.warnings.models import SoftIntelligence

pytestmark = pytest.mark.django_db

STEPS = {"system-risks", "system-warnings"}


@pytest.fixture
def built(db, monkeypatch):
    monkeypatch.setattr(demo_steps, "STEPS", demo_steps.only(*STEPS))
    build_demo(staff_count=120, log=lambda _: None)


def test_the_demo_soft_intelligence(built):
    from qls.accounts.models import User

    entries = list(SoftIntelligence.objects.all())
    assert len(entries) == 12
    assert {e.kind for e in entries} == set(SoftIntelligence.Kind.values)
    assert {e.sensitivity for e in entries} == set(SoftIntelligence.Sensitivity.values)
    assert {e.weight for e in entries} == {1, 2, 3}
    for risk in QualityRisk.objects.filter(intelligence__isnull=False).distinct():
        assert {i.organisation_id for i in risk.intelligence.all()} == {risk.organisation_id}
    lead = User.objects.get(username="system")
    warned = queries.early_warnings(lead)
    assert len(warned) >= 6
    # Without the measurement step there is no data: the partner sees its own intelligence.
    partner = User.objects.get(username="partner")
    assert [w.organisation.code for w in queries.early_warnings(partner)] == ["EEMHC"]


def test_the_demo_rebuilds_over_its_soft_intelligence(built):
    build_demo(staff_count=120, force=True, log=lambda _: None)
    assert SoftIntelligence.objects.count() == 12
