"""Demo data for coaching, QI clinics, action learning sets and improvement programmes.

Builds the competency framework (four levels, sixteen competencies), a coach
network on every site (every project coach in the registry has a coach
record; the demo 'coach' log-in is one, the 'improvement' log-in is faculty),
evidence signed off, waiting and returned, mentor pairings, a weekly QI
clinic at each site with twelve weeks of past bookings and outcomes and six
weeks of slots ahead, four action learning sets with meetings and attendance,
and a system-wide cohort with partners split into three teams of eight, each
with a wicked problem, an SRO, a coach and a project in the registry.

Runs after the projects (500) and training (600) steps; rows are written with
``bulk_create`` (no audit history, as for the rest of the demo).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from qls.capability.models import (
    ActionLearningSet,
    Clinic,
    ClinicBooking,
    ClinicSlot,
    Coach,
    Cohort,
    Competency,
    CompetencyEvidence,
    CompetencyLevel,
    Enrolment,
    ImprovementProgramme,
    MentorPairing,
    Participant,
    ProgrammeTeam,
    SetAttendance,
    SetMeeting,
)
from qls.demo import context as demo
from qls.demo.capability.action_sets import build_sets
from qls.demo.capability.clinics import build_clinics
from qls.demo.capability.coaches import build_coaches, build_evidence
from qls.demo.capability.coaching_data import COMPETENCIES, LEVELS
from qls.demo.capability.programmes import build_programme
from qls.projects.models import Programme, Project


def _delete(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def reset_coaching(ctx: demo.DemoContext) -> None:
    registry_ids = list(
        ImprovementProgramme.objects.exclude(registry_programme=None).values_list(
            "registry_programme_id", flat=True
        )
    )
    _delete(
        ClinicBooking,
        ClinicSlot,
        Clinic.coaches.through,
        Clinic,
        SetAttendance,
        SetMeeting,
        ActionLearningSet.members.through,
        ActionLearningSet.projects.through,
        ActionLearningSet,
        ProgrammeTeam.members.through,
        ProgrammeTeam,
        ImprovementProgramme.sites.through,
        ImprovementProgramme,
        MentorPairing,
        CompetencyEvidence,
        Coach.sites.through,
        Coach,
        Competency,
        CompetencyLevel,
    )
    # The system-wide cohort this step made (the training step's reset would also
    # remove it, but this step must be able to rebuild on its own).
    cohorts = Cohort.objects.filter(programme_id__in=registry_ids)
    people = list(
        Enrolment.objects.filter(cohort__in=cohorts).values_list("participant_id", flat=True)
    )
    Enrolment.objects.filter(cohort__in=cohorts).delete()
    Participant.objects.filter(pk__in=people, staff=None, enrolments=None).delete()
    cohorts.delete()
    Project.objects.filter(programme_id__in=registry_ids).update(programme=None)
    Programme.objects.filter(pk__in=registry_ids).delete()


def build_coaching(ctx: demo.DemoContext) -> None:
    rng = ctx.rng("coaching")
    now = timezone.now()
    today = timezone.localdate()
    levels = CompetencyLevel.objects.bulk_create(
        [
            CompetencyLevel(name=name, order=n, description=text)
            for n, (name, text) in enumerate(LEVELS, start=1)
        ]
    )
    competencies = Competency.objects.bulk_create(
        [
            Competency(level=levels[lvl], code=code, title=title, description=text)
            for code, lvl, title, text in COMPETENCIES
        ]
    )
    by_level = defaultdict(list)
    for competency in competencies:
        by_level[competency.level_id].append(competency)

    coaches = build_coaches(ctx, rng, levels)
    build_evidence(ctx, rng, coaches, levels, by_level, now)
    pairings = _build_pairings(ctx, rng, coaches, levels, today)
    bookings = build_clinics(ctx, rng, coaches, now)
    sets = build_sets(ctx, rng, coaches, today)
    teams = build_programme(ctx, rng, coaches, today)
    ctx.log(
        f"  {len(coaches)} coaches, {pairings} mentor pairings, {bookings:,} clinic bookings, "
        f"{sets} action learning sets, {teams} programme teams"
    )


def _build_pairings(ctx, rng, coaches, levels, today) -> int:
    mentors = [c for c in coaches if c.level.order >= 3 and c.active]
    mentees = [c for c in coaches if c.level.order <= 2]
    demo_coach = next(
        (c for c in coaches if c.staff.user_id == getattr(ctx.users.get("coach"), "pk", None)), None
    )
    rows = []
    for index, mentee in enumerate(mentees):
        mentor = demo_coach if demo_coach and index < 2 else rng.choice(mentors)
        if mentor.staff_id == mentee.staff_id:
            continue
        started = today - dt.timedelta(days=rng.randint(30, 400))
        ended = started + dt.timedelta(days=300) if index % 7 == 6 else None
        rows.append(
            MentorPairing(
                mentor_id=mentor.staff_id,
                mentee_id=mentee.staff_id,
                started=started,
                ended=ended if ended and ended < today else None,
            )
        )
    MentorPairing.objects.bulk_create(rows)
    return len(rows)


STEP = demo.DemoStep("coaching", build_coaching, reset_coaching)
