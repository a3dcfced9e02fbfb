"""Moving a ward on to its next stage of the programme."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qls.wards.errors import (
    StageError,
)
from qls.wards.models import (
    WardJourney,
)


@transaction.atomic
def advance_stage(*, journey: WardJourney, on: dt.date | None = None) -> WardJourney:
    """Move the ward to its next stage, dating the start of that stage."""
    journey = WardJourney.objects.select_for_update().get(pk=journey.pk)
    following = journey.next_stage
    if following is None:
        raise StageError(f"{journey.ward.name} is already in the last stage, sustain.")
    if journey.status == WardJourney.Status.PAUSED:
        raise StageError(f"{journey.ward.name} is paused: resume it before moving it on.")
    journey.stage = following
    setattr(journey, f"{following}_on", on or timezone.localdate())
    journey.save(update_fields=["stage", f"{following}_on"])
    return journey
