"""Putting wards into waves: one ward at a time, or a site's whole schedule."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from qls.organisation.models import Site, Ward
from qls.wards.actions.waves import ensure_wave
from qls.wards.errors import (
    PlanError,
    WardAlreadyPlanned,
)
from qls.wards.models import (
    WardJourney,
    WardProgramme,
    Wave,
)
from qls.wards.planning import plan_warnings, propose_plan


def plan_ward(*, programme: WardProgramme, ward: Ward, wave: Wave) -> WardJourney:
    """Put a ward into a wave; refused when it already sits in one of this programme."""
    if wave.programme_id != programme.pk:
        raise PlanError(f"Wave {wave.number} belongs to another programme.")
    if wave.site_id != ward.site_id:
        raise PlanError(
            f"{ward.name} is at {ward.site.name}; wave {wave.number} is at {wave.site.name}."
        )
    existing = (
        WardJourney.objects.filter(programme=programme, ward=ward).select_related("wave").first()
    )
    if existing is not None:
        raise _already_planned(ward, existing.wave)
    try:
        with transaction.atomic():
            return WardJourney.objects.create(programme=programme, ward=ward, wave=wave)
    except IntegrityError as error:
        # Another request planned the ward between our check and our insert.
        found = WardJourney.objects.filter(programme=programme, ward=ward).first()
        if found is None:
            raise
        raise _already_planned(ward, found.wave) from error


def _already_planned(ward: Ward, wave: Wave) -> WardAlreadyPlanned:
    return WardAlreadyPlanned(
        f"{ward.name} is already in wave {wave.number} of this programme. A ward takes "
        "part in one wave only: move it on the wave planner instead."
    )


@transaction.atomic
def save_plan(
    *,
    programme: WardProgramme,
    site: Site,
    assignments: dict[int, int],
    today: dt.date | None = None,
) -> tuple[int, int, list[str]]:
    """Save a site's schedule: ward id → wave number. Returns (planned, moved, warnings).

    Wards already past the planned stage keep their wave; asking to move one
    refuses the whole plan.
    """
    plan = propose_plan(programme, site, today=today)
    rows = {row.ward.pk: row for row in plan.rows}
    unknown = set(assignments) - set(rows)
    if unknown:
        names = ", ".join(
            str(w) for w in Ward.objects.filter(pk__in=unknown).order_by("name")
        ) or ", ".join(str(pk) for pk in sorted(unknown))
        raise PlanError(f"Not a programme ward at {site.name}: {names}.")
    for ward_id, number in assignments.items():
        if number < 1:
            raise PlanError(f"Choose a wave for {rows[ward_id].ward.name}.")
        if number > len(plan.slots) + 1:
            raise PlanError(
                f"There is no wave {number} to put {rows[ward_id].ward.name} in: choose one of "
                f"waves 1 to {len(plan.slots) + 1}."
            )
        row = rows[ward_id]
        if not row.movable and row.journey and row.journey.wave.number != number:
            raise PlanError(
                f"{row.ward.name} started wave {row.journey.wave.number} on "
                f"{row.journey.wave.start:%-d %B %Y} and cannot move to another wave."
            )
    planned = moved = 0
    for ward_id, number in assignments.items():
        row = rows[ward_id]
        wave = ensure_wave(programme=programme, site=site, number=number)
        if row.journey is None:
            plan_ward(programme=programme, ward=row.ward, wave=wave)
            planned += 1
        elif row.journey.wave_id != wave.pk:
            row.journey.wave = wave
            row.journey.save(update_fields=["wave"])
            moved += 1
    saved = propose_plan(programme, site, today=today)
    return planned, moved, plan_warnings(programme, site, saved.slots)
