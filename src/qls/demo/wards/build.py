"""Demo data for the ward programme and accreditation (the ``wards`` step of ``manage.py demo``).

Dates. The first round of the programme ran from January to December 2024
(five wards per site every three months, sixty wards), so by any later
"today" it is complete: every ward sits in sustain, with its event, issues
and follow-up. A second round starts six months before the current quarter
so the board shows wards in every stage: two waves done or in action, one
running now, one planned (at one site still to plan, for the wave planner).
Accreditation audits run every three months over the last two years.

Everything is generated from the step's own random generator and bulk
created (no audit history for generated rows, as ``qls.demo.context``
explains).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from qls.core.periods import add_months
from qls.demo.context import DemoContext, DemoStep
from qls.demo.wards.audits import build_audits, build_surveys
from qls.demo.wards.clock import at
from qls.demo.wards.issues import build_issues, follow_up
from qls.demo.wards.nominations import build_nominations
from qls.demo.wards.standards import standard_follow_ups
from qls.organisation.models import StaffMember, Ward
from qls.wards.models import (
    AccreditationLevel,
    Action,
    Audit,
    AuditAnswer,
    AuditQuestion,
    AuditSection,
    AuditTemplate,
    EngagementEvent,
    Escalation,
    Issue,
    Nomination,
    StaffSurveyResult,
    StandardProject,
    SurveyImport,
    WardJourney,
    WardProgramme,
    Wave,
)
from qls.wards.models.journey import Stage
from qls.wards.planning import wave_dates


def reset_wards(ctx: DemoContext) -> None:
    from qls.projects.models import Programme, Project

    # Projects started from issues belong to the ward waves' registry groups.
    Project.objects.filter(programme__kind=Programme.Kind.WARD_WAVE).delete()
    Programme.objects.filter(kind=Programme.Kind.WARD_WAVE).delete()
    Project.objects.filter(audit_standard__isnull=False).delete()
    models = [
        StandardProject,
        Action,  # before the answers and issues it may point at
        AuditAnswer,
        Audit,
        AuditQuestion,
        AuditSection,
        AuditTemplate,
        AccreditationLevel,
        StaffSurveyResult,
        SurveyImport,
        Nomination,
        Escalation,
        Issue,
        EngagementEvent,
        WardJourney,
        Wave,
        WardProgramme.sites.through,
        WardProgramme,
    ]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _stage_for(start: dt.date, end: dt.date, today: dt.date) -> tuple[str, dict[str, dt.date]]:
    dates = {
        "diagnostic": start,
        "engagement": start + dt.timedelta(days=28),
        "action": start + dt.timedelta(days=49),
        "sustain": end + dt.timedelta(days=1),
    }
    stage = Stage.PLANNED.value
    for name, day in dates.items():
        if day <= today:
            stage = name
    return stage, {k: v for k, v in dates.items() if v <= today}


def build_wards(ctx: DemoContext) -> None:
    rng = ctx.rng("wards")
    today = timezone.localdate()
    sites = list(ctx.sites.values())
    programme_wards: dict[int, list[Ward]] = defaultdict(list)
    for ward in sorted(ctx.wards.values(), key=lambda w: w.code):
        if ward.in_programme:
            programme_wards[ward.site_id].append(ward)
    staff_by_ward: dict[int, list[StaffMember]] = defaultdict(list)
    for member in ctx.staff:
        if member.ward_id:
            staff_by_ward[member.ward_id].append(member)
    improvement = [m for m in ctx.staff if m.user_id and m.job_role == "Improvement Advisor"]
    senior = [m for m in ctx.staff if m.band in ("Band 7", "Band 8a") and not m.ward_id]
    facilitators = improvement + rng.sample(senior, min(3, len(senior)))
    managers = [m for m in ctx.staff if m.band in ("Band 8a", "Band 8b", "Band 8c")] or senior

    first = WardProgramme.objects.create(
        name="Ward improvement programme 2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    quarter = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    start = add_months(quarter, -6)
    end = add_months(start, 12) - dt.timedelta(days=1)
    second = WardProgramme.objects.create(
        name=f"Ward programme second round ({start:%B %Y} to {end:%B %Y})", start=start, end=end
    )
    for programme in (first, second):
        programme.sites.set(sites)

    journeys: list[WardJourney] = []
    for programme in (first, second):
        for site in sites:
            wards = programme_wards[site.pk]
            for number in range(1, 5):
                if programme is second and number == 4 and site.code == "SOU":
                    continue  # left for the wave planner
                w_start, w_end = wave_dates(programme, number)
                wave = Wave.objects.create(
                    programme=programme, site=site, number=number, start=w_start, end=w_end
                )
                from qls.wards.actions.waves import link_wave_to_registry

                link_wave_to_registry(wave)
                for ward in wards[(number - 1) * 5 : number * 5]:
                    stage, dates = _stage_for(w_start, w_end, today)
                    in_progress = stage not in (Stage.SUSTAIN, Stage.PLANNED)
                    status = (
                        rng.choices(["on_track", "at_risk", "paused"], [80, 15, 5])[0]
                        if in_progress
                        else "on_track"
                    )
                    journeys.append(
                        WardJourney(
                            programme=programme,
                            ward=ward,
                            wave=wave,
                            stage=stage,
                            diagnostic_on=dates.get("diagnostic"),
                            engagement_on=dates.get("engagement"),
                            action_on=dates.get("action"),
                            sustain_on=dates.get("sustain"),
                            facilitator=rng.choice(facilitators) if facilitators else None,
                            status=status,
                        )
                    )
    journeys = WardJourney.objects.bulk_create(journeys)
    waves = {w.pk: w for w in Wave.objects.all()}

    events = []
    for journey in journeys:
        if journey.engagement_on is None:
            continue
        day = journey.engagement_on + dt.timedelta(days=7)
        events.append(
            EngagementEvent(
                journey=journey,
                title=f"{journey.ward.name} staff engagement event",
                date=day,
                location="Ward seminar room",
                opens_at=at(day - dt.timedelta(days=14), 8),
                closes_at=at(day + dt.timedelta(days=7), 17),
                facilitator=journey.facilitator,
                token=f"demo{rng.getrandbits(64):016x}",
            )
        )
    events = EngagementEvent.objects.bulk_create(events)
    by_journey = {j.pk: j for j in journeys}

    issues = build_issues(rng, events, by_journey, today)
    follow_up(rng, issues, events, by_journey, staff_by_ward, managers, waves, ctx, today)
    build_nominations(rng, events, by_journey, staff_by_ward, ctx)
    build_surveys(rng, programme_wards, today, ctx.users.get("analyst"))
    audits = build_audits(rng, programme_wards, staff_by_ward, today)
    standard_follow_ups(ctx, staff_by_ward, today)
    ctx.log(
        f"  2 ward programmes, {len(journeys)} ward journeys, {len(events)} events, "
        f"{len(issues):,} issues, {audits:,} accreditation audits"
    )


STEP = DemoStep("wards", build_wards, reset_wards)
