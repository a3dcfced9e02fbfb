"""Wave planning: the proposal, capacity warnings, saving and the one-wave rule."""

from __future__ import annotations

import datetime as dt

import pytest

from qls.core.periods import add_months
from qls.wards.actions.plan import plan_ward, save_plan
from qls.wards.actions.stages import advance_stage
from qls.wards.actions.waves import ensure_wave
from qls.wards.errors import PlanError, StageError, WardAlreadyPlanned
from qls.wards.models import WardJourney, Wave
from qls.wards.planning import propose_plan, wave_dates, waves_in_programme
from tests.factories.organisation import SiteFactory, WardFactory
from tests.factories.wards import WardProgrammeFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2023, 12, 1)


@pytest.fixture
def site_with_wards():
    site = SiteFactory(code="BAS", name="Basildon Hospital")
    wards = [WardFactory(site=site, name=f"Ward {i:02d}") for i in range(12)]
    WardFactory(site=site, name="Not in programme", in_programme=False)
    programme = WardProgrammeFactory(sites=[site])
    return programme, site, wards


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 11, 15), 3) == dt.date(2025, 2, 15)


def test_waves_follow_the_wave_length(site_with_wards):
    programme, _site, _wards = site_with_wards
    assert wave_dates(programme, 1) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert wave_dates(programme, 4) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert waves_in_programme(programme) == 4


def test_proposal_fills_waves_in_order_up_to_capacity(site_with_wards):
    programme, site, _wards = site_with_wards
    plan = propose_plan(programme, site, today=TODAY)
    assert [s.count for s in plan.slots] == [5, 5, 2, 0]
    assert len(plan.rows) == 12  # the ward outside the programme is left out
    assert plan.warnings == []


def test_moving_a_sixth_ward_into_a_wave_warns_of_over_capacity(site_with_wards):
    programme, site, _wards = site_with_wards
    plan = propose_plan(programme, site, today=TODAY)
    in_wave_two = next(r.ward for r in plan.rows if r.wave == 2)
    plan = propose_plan(programme, site, today=TODAY, assignments={in_wave_two.pk: 1})
    assert plan.slot(1).over_capacity
    assert plan.warnings == [
        "Wave 1 at Basildon Hospital has 6 wards, more than the 5 a site takes in one wave."
    ]


def test_save_plan_creates_waves_and_journeys_and_reports_the_warning(site_with_wards):
    programme, site, wards = site_with_wards
    assignments = {w.pk: 1 for w in wards[:6]} | {w.pk: 2 for w in wards[6:]}
    planned, moved, warnings = save_plan(
        programme=programme, site=site, assignments=assignments, today=TODAY
    )
    assert (planned, moved) == (12, 0)
    assert "Wave 1 at Basildon Hospital has 6 wards" in warnings[0]
    assert Wave.objects.filter(programme=programme, site=site).count() == 2
    wave = Wave.objects.get(programme=programme, site=site, number=1)
    assert wave.project_programme.kind == "ward_wave"
    assert WardJourney.objects.filter(programme=programme).count() == 12


def test_a_ward_cannot_be_planned_into_a_second_wave(site_with_wards):
    programme, site, wards = site_with_wards
    first = ensure_wave(programme=programme, site=site, number=1)
    second = ensure_wave(programme=programme, site=site, number=2)
    plan_ward(programme=programme, ward=wards[0], wave=first)
    with pytest.raises(WardAlreadyPlanned, match="already in wave 1 of this programme"):
        plan_ward(programme=programme, ward=wards[0], wave=second)
    assert WardJourney.objects.filter(ward=wards[0]).count() == 1


def test_the_database_refuses_a_second_journey_for_a_ward(site_with_wards):
    from django.db import IntegrityError, transaction

    programme, site, wards = site_with_wards
    first = ensure_wave(programme=programme, site=site, number=1)
    second = ensure_wave(programme=programme, site=site, number=2)
    WardJourney.objects.create(programme=programme, ward=wards[0], wave=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        WardJourney.objects.create(programme=programme, ward=wards[0], wave=second)


def test_a_started_ward_cannot_move_and_nothing_is_saved(site_with_wards):
    programme, site, wards = site_with_wards
    wave = ensure_wave(programme=programme, site=site, number=1)
    journey = plan_ward(programme=programme, ward=wards[0], wave=wave)
    advance_stage(journey=journey)
    with pytest.raises(PlanError, match="cannot move to another wave"):
        save_plan(
            programme=programme,
            site=site,
            assignments={wards[1].pk: 2, wards[0].pk: 3},
            today=TODAY,
        )
    assert WardJourney.objects.filter(programme=programme).count() == 1
    assert not Wave.objects.filter(number=2).exists()


def test_advance_moves_through_the_stages_and_dates_them(site_with_wards):
    programme, site, wards = site_with_wards
    wave = ensure_wave(programme=programme, site=site, number=1)
    journey = plan_ward(programme=programme, ward=wards[0], wave=wave)
    for stage in ["diagnostic", "engagement", "action", "sustain"]:
        journey = advance_stage(journey=journey, on=dt.date(2024, 2, 1))
        assert journey.stage == stage
        assert journey.stage_started(stage) == dt.date(2024, 2, 1)
    with pytest.raises(StageError, match="last stage"):
        advance_stage(journey=journey)


def test_a_wave_far_beyond_the_plan_is_refused(site_with_wards):
    programme, site, wards = site_with_wards
    with pytest.raises(PlanError, match="There is no wave 40"):
        save_plan(programme=programme, site=site, assignments={wards[0].pk: 40}, today=TODAY)
    assert not WardJourney.objects.exists()
