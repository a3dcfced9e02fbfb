"""Wave planning: when each wave runs, and a proposed schedule for a site's wards.

Waves are numbered from 1 at the programme start and share their dates
across sites (wave 3 runs at the same time everywhere). A site's remaining
programme wards fill the earliest waves that have not started yet, up to
``wards_per_site_per_wave`` each; the team then moves wards between waves on
the planner, and a wave over that number is a warning, not a refusal (a
site may choose to take six wards at once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from qls.core.periods import add_months
from qls.organisation.models import Site, Ward
from qls.wards.models import WardJourney, WardProgramme, Wave
from qls.wards.models.journey import Stage


def wave_dates(programme: WardProgramme, number: int) -> tuple[dt.date, dt.date]:
    """First and last day of wave ``number`` (1-based)."""
    start = add_months(programme.start, (number - 1) * programme.wave_length_months)
    end = add_months(start, programme.wave_length_months) - dt.timedelta(days=1)
    return start, end


def waves_in_programme(programme: WardProgramme) -> int:
    """How many waves start on or before the programme's end date."""
    number = 1
    while wave_dates(programme, number + 1)[0] <= programme.end:
        number += 1
    return number


@dataclass
class WaveSlot:
    number: int
    start: dt.date
    end: dt.date
    capacity: int
    wards: list[Ward] = field(default_factory=list)
    started: bool = False
    past_end: bool = False

    @property
    def count(self) -> int:
        return len(self.wards)

    @property
    def over_capacity(self) -> bool:
        return self.count > self.capacity

    @property
    def label(self) -> str:
        return f"Wave {self.number} ({self.start:%b %Y} to {self.end:%b %Y})"


@dataclass
class PlanRow:
    ward: Ward
    wave: int
    journey: WardJourney | None = None

    @property
    def movable(self) -> bool:
        # Once a ward's diagnostic has begun its wave is history, not a plan.
        return self.journey is None or self.journey.stage == Stage.PLANNED


@dataclass
class Plan:
    programme: WardProgramme
    site: Site
    rows: list[PlanRow]
    slots: list[WaveSlot]

    @property
    def warnings(self) -> list[str]:
        return plan_warnings(self.programme, self.site, self.slots)

    def slot(self, number: int) -> WaveSlot | None:
        return next((s for s in self.slots if s.number == number), None)


def plan_warnings(programme: WardProgramme, site: Site, slots: list[WaveSlot]) -> list[str]:
    warnings = []
    for slot in slots:
        if slot.over_capacity:
            warnings.append(
                f"Wave {slot.number} at {site.name} has {slot.count} wards, more than the "
                f"{slot.capacity} a site takes in one wave."
            )
        if slot.past_end and slot.wards:
            warnings.append(
                f"Wave {slot.number} ends on {slot.end:%-d %B %Y}, after the programme ends "
                f"on {programme.end:%-d %B %Y}."
            )
    return warnings


def programme_wards(site: Site):
    return Ward.objects.filter(site=site, in_programme=True, active=True).order_by("name")


def build_slots(
    programme: WardProgramme, count: int, today: dt.date | None = None
) -> list[WaveSlot]:
    today = today or timezone.localdate()
    slots = []
    for number in range(1, count + 1):
        start, end = wave_dates(programme, number)
        slots.append(
            WaveSlot(
                number=number,
                start=start,
                end=end,
                capacity=programme.wards_per_site_per_wave,
                started=start <= today,
                past_end=end > programme.end,
            )
        )
    return slots


def propose_plan(
    programme: WardProgramme,
    site: Site,
    *,
    today: dt.date | None = None,
    assignments: dict[int, int] | None = None,
) -> Plan:
    """The site's schedule: planned wards where they are, the rest placed in open waves.

    ``assignments`` (ward id → wave number) overrides the placement of
    movable wards, so the planner can show the team's edits before saving.
    """
    today = today or timezone.localdate()
    journeys = {
        j.ward_id: j
        for j in WardJourney.objects.filter(programme=programme, ward__site=site).select_related(
            "wave"
        )
    }
    wards = list(programme_wards(site))
    # Wards taken out of the programme after planning still show on the plan.
    listed = {w.pk for w in wards}
    wards += [j.ward for j in journeys.values() if j.ward_id not in listed]
    existing = Wave.objects.filter(programme=programme, site=site)
    count = max([waves_in_programme(programme), *(w.number for w in existing)])
    slots = build_slots(programme, count, today)

    rows: list[PlanRow] = []
    waiting: list[Ward] = []
    for ward in wards:
        journey = journeys.get(ward.pk)
        if journey is not None:
            rows.append(PlanRow(ward, journey.wave.number, journey))
        else:
            waiting.append(ward)
    load = {s.number: 0 for s in slots}
    for row in rows:
        load[row.wave] = load.get(row.wave, 0) + 1
    for ward in waiting:
        number = _first_open_wave(slots, load, programme.wards_per_site_per_wave)
        if number > len(slots):
            slots += build_slots(programme, number, today)[len(slots) :]
        load[number] = load.get(number, 0) + 1
        rows.append(PlanRow(ward, number, None))
    if assignments:
        for row in rows:
            wanted = assignments.get(row.ward.pk)
            if wanted and row.movable:
                row.wave = wanted
        highest = max(r.wave for r in rows) if rows else 0
        if highest > len(slots):
            slots += build_slots(programme, highest, today)[len(slots) :]
    for row in rows:
        slot = next(s for s in slots if s.number == row.wave)
        slot.wards.append(row.ward)
    rows.sort(key=lambda r: (r.wave, r.ward.name))
    return Plan(programme, site, rows, slots)


def _first_open_wave(slots: list[WaveSlot], load: dict[int, int], capacity: int) -> int:
    for slot in slots:
        if not slot.started and not slot.past_end and load.get(slot.number, 0) < capacity:
            return slot.number
    # Every wave is full or has begun: the next wave after the last one.
    number = len(slots) + 1
    while load.get(number, 0) >= capacity:
        number += 1
    return number


def current_programme(today: dt.date | None = None) -> WardProgramme | None:
    """The programme running today, else the one that started most recently."""
    today = today or timezone.localdate()
    running = WardProgramme.objects.filter(start__lte=today, end__gte=today).order_by("-start")
    return running.first() or WardProgramme.objects.order_by("-start").first()
