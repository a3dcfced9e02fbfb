"""The demo's risk register tells the truth: 25 risks, every level and band, real decisions."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from qls.accounts.models import User
from qls.demo import steps as demo_steps
from qls.demo.build import build_demo, demo_logins
from qls.demo.organisation.logins import DEMO_PASSWORD
from qls.organisation.models import Organisation
from qls.system.models import EscalationDecision, QualityRisk, RiskAction
from qls.system.scoring import LEVEL_ORDER, Band, Level
from qls.system.tenancy import organisation_of, visible_risks

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db, monkeypatch):
    # The structure, staff and log-ins this step stands on, then the step itself.
    monkeypatch.setattr(demo_steps, "STEPS", demo_steps.only("system-risks"))
    build_demo(staff_count=120, log=lambda _: None)


def test_manage_py_demo_prints_the_two_logins(db, monkeypatch, capsys):
    from django.core.management import call_command

    monkeypatch.setattr(demo_steps, "STEPS", demo_steps.only("system-risks"))
    call_command("demo", "--staff", "60")
    rows = {
        line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")
    }
    assert {"staff", "admin", "system", "partner", "newstarter"} <= rows


def test_the_new_partners_are_in_the_system(built):
    names = set(Organisation.objects.filter(is_host=False).values_list("name", flat=True))
    assert len(names) == 11
    assert all(name.endswith("(demo)") for name in names)
    assert any("Mental Health and Community Trust" in n for n in names)
    assert any("Hospice" in n for n in names)


def test_25_risks_at_every_level_and_in_every_band(built):
    risks = list(QualityRisk.objects.all())
    assert len(risks) == 25
    assert {r.level for r in risks} == set(Level.values)
    assert {r.band for r in risks} == set(Band.values)
    assert len({r.organisation_id for r in risks}) >= 6
    today = timezone.localdate()
    assert any(r.review_overdue(today) for r in risks)
    assert any(not r.review_overdue(today) for r in risks)
    assert all(r.owner_id and r.controls for r in risks)
    assert RiskAction.objects.filter(status="open", due_on__lt=today).exists()
    assert RiskAction.objects.filter(status="done").exists()


def test_each_risk_above_routine_got_there_by_recorded_decisions(built):
    for risk in QualityRisk.objects.exclude(level=Level.ROUTINE):
        decisions = list(risk.decisions.order_by("at"))
        assert decisions, risk
        assert decisions[0].from_level == Level.ROUTINE
        assert decisions[-1].to_level == risk.level
        for before, after in itertools.pairwise(decisions):
            assert before.to_level == after.from_level
        assert all(d.reason and d.at >= risk.raised_at for d in decisions)
        assert all(
            LEVEL_ORDER[Level(d.to_level)] > LEVEL_ORDER[Level(d.from_level)] for d in decisions
        )
    assert EscalationDecision.objects.count() > 0


def test_the_two_logins_see_what_their_roles_allow(built):
    system = User.objects.get(username="system")
    partner = User.objects.get(username="partner")
    for user in (system, partner):
        assert user.check_password(DEMO_PASSWORD)
    assert organisation_of(system).kind == Organisation.Kind.ICB
    assert "Mental Health" in organisation_of(partner).name
    assert visible_risks(system).count() == 25
    own = visible_risks(partner)
    assert 0 < own.count() < 25
    assert set(own.values_list("organisation", flat=True)) == {organisation_of(partner).pk}
    assert ("system", "Staff, System quality lead") in demo_logins()
    assert ("partner", "Partner quality lead, Staff") in demo_logins()


def test_a_rebuild_replaces_the_register(built):
    build_demo(staff_count=120, force=True, log=lambda _: None)
    assert QualityRisk.objects.count() == 25
    assert User.objects.filter(username="system").count() == 1
