"""The demo's improvement programmes: a coached cohort of teams, with its registers."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from qls.capability.coaching.programmes import deal_into_teams
from qls.capability.models import (
    Attendance,
    Cohort,
    Course,
    Enrolment,
    ImprovementProgramme,
    Participant,
    ProgrammeTeam,
    Session,
)
from qls.demo.capability.coaching_data import PARTNER_ROLES, TEAMS
from qls.organisation.models import Organisation, StrategicAim
from qls.organisation.models.staff_groups import CLINICAL_STAFF_GROUPS
from qls.projects.models import Programme, Project, ProjectMember


def build_programme(ctx, rng, coaches, today) -> int:
    """A system-wide cohort with partners: 16 trust staff and 8 partners, three teams of eight."""
    course = Course.objects.filter(kind=Course.Kind.PRACTITIONER).first()
    if course is None:
        course = Course.objects.create(
            name="QSIR Practitioner", kind=Course.Kind.PRACTITIONER, sessions_count=5
        )
    start = today - dt.timedelta(weeks=20)
    start -= dt.timedelta(days=start.weekday())  # the course's days are Mondays
    registry = Programme.objects.create(
        name="System-wide improvement cohort (demo)",
        kind=Programme.Kind.SYSTEM_TEAM,
        description="QSIR Practitioner cohort with the ICB, councils and voluntary sector.",
    )
    cohort = Cohort.objects.create(
        course=course,
        name=f"System-wide practitioner cohort {start:%B %Y}",
        start_date=start,
        capacity=24,
        status=Cohort.Status.FINISHED,
        venue="Integrated care board offices",
        programme=registry,
    )
    programme = ImprovementProgramme.objects.create(
        name="System-wide improvement cohort (demo)",
        kind=ImprovementProgramme.Kind.SYSTEM_WIDE,
        cohort=cohort,
        description="Clinicians from the three sites and colleagues from partner organisations "
        "work for a year in three teams on problems no one organisation can fix alone.",
        registry_programme=registry,
    )
    ImprovementProgramme.sites.through.objects.bulk_create(
        [
            ImprovementProgramme.sites.through(improvementprogramme_id=programme.pk, site_id=s.pk)
            for s in ctx.sites.values()
        ]
    )
    users = {u.pk for u in ctx.users.values()}
    clinical = [
        m
        for m in ctx.staff
        if m.site_id and m.staff_group in CLINICAL_STAFF_GROUPS and m.user_id not in users
    ]
    staff = rng.sample(clinical, min(16, len(clinical)))
    existing = {p.staff_id: p for p in Participant.objects.filter(staff__in=staff)}
    new = [Participant(staff=m) for m in staff if m.pk not in existing]
    Participant.objects.bulk_create(new)
    participants = list(Participant.objects.filter(staff__in=staff))
    partners = list(Organisation.objects.filter(is_host=False).order_by("code"))
    if partners:
        people = Participant.objects.bulk_create(
            [
                Participant(
                    name=f"{rng.choice(['Alex', 'Sam', 'Jo', 'Chris', 'Nadia', 'Femi', 'Ruth', 'Owen'])} "
                    f"{rng.choice(['Turner', 'Begum', 'Walsh', 'Adeyemi', 'Clarke', 'Novak', 'Reid', 'Shah'])}",
                    organisation=partners[n % len(partners)],
                    job_role=PARTNER_ROLES[n % len(PARTNER_ROLES)],
                )
                for n in range(8)
            ]
        )
        participants += people
    sessions = Session.objects.bulk_create(
        [
            Session(
                cohort=cohort,
                number=n + 1,
                date=start + dt.timedelta(days=n * course.session_interval_days),
                start_time=dt.time(9, 0),
                end_time=dt.time(16, 30),
            )
            for n in range(course.sessions_count)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohort,
                participant=p,
                status=Enrolment.Status.ENROLLED,
                source=Enrolment.Source.IMPROVEMENT_TEAM,
                enrolled_at=timezone.make_aware(
                    dt.datetime.combine(start - dt.timedelta(weeks=3), dt.time(10))
                ),
            )
            for p in participants
        ]
    )
    in_cohort = {p.staff_id for p in participants if p.staff_id}
    # Sponsors and coaches come from outside the cohort: nobody sponsors or coaches
    # the team they are a member of.
    sros = [
        m
        for m in ctx.staff
        if m.band in ("Band 8c", "Band 8d", "Band 9", "Executive")
        and m.user_id not in users
        and m.pk not in in_cohort
    ]
    # Only coaches with room for another project: the pool's capacity rule holds.
    load = dict(
        ProjectMember.objects.filter(role=ProjectMember.Role.COACH)
        .exclude(project__stage="closed")
        .values("staff_id")
        .annotate(n=Count("project", distinct=True))
        .values_list("staff_id", "n")
    )
    team_coaches = [
        c
        for c in coaches
        if c.active and c.level.order >= 3 and c.staff_id not in in_cohort
        and load.get(c.staff_id, 0) < c.capacity
    ]  # fmt: skip
    aims = list(StrategicAim.objects.filter(active=True)[:2])
    count = 0
    for (name, problem), members in zip(TEAMS, deal_into_teams(participants, 3), strict=False):
        sro = rng.choice(sros) if sros else None
        free = [c for c in team_coaches if load.get(c.staff_id, 0) < c.capacity]
        coach = rng.choice(free) if free else None
        if coach is not None:
            load[coach.staff_id] = load.get(coach.staff_id, 0) + 1
        lead = next((m.staff for m in members if m.staff_id), None)
        project = None
        if lead is not None:
            project = Project.objects.create(
                title=name.split(": ", 1)[1].capitalize(),
                problem=problem,
                aim_statement="Agree a shared measure and show improvement on it within twelve "
                "months of the cohort finishing.",
                start_date=cohort.start_date,
                category=Project.Category.CHANGE,
                coproduction_level=Project.Coproduction.COLLABORATING,
                programme=registry,
                stage="testing",
            )
            if aims:
                Project.strategic_aims.through.objects.bulk_create(
                    [
                        Project.strategic_aims.through(project_id=project.pk, strategicaim_id=a.pk)
                        for a in aims
                    ]
                )
            team_rows = [ProjectMember(project=project, staff=lead, role=ProjectMember.Role.LEAD)]
            team_rows += [
                ProjectMember(project=project, staff_id=m.staff_id, role=ProjectMember.Role.MEMBER)
                for m in members
                if m.staff_id and m.staff_id != lead.pk
            ]
            if sro is not None:
                team_rows.append(
                    ProjectMember(project=project, staff=sro, role=ProjectMember.Role.SPONSOR)
                )
            if coach is not None:
                team_rows.append(
                    ProjectMember(
                        project=project, staff_id=coach.staff_id, role=ProjectMember.Role.COACH
                    )
                )
            ProjectMember.objects.bulk_create(team_rows, ignore_conflicts=True)
        team = ProgrammeTeam.objects.create(
            programme=programme,
            name=name,
            wicked_problem=problem,
            sro=sro,
            coach=coach,
            project=project,
        )
        ProgrammeTeam.members.through.objects.bulk_create(
            [
                ProgrammeTeam.members.through(programmeteam_id=team.pk, participant_id=p.pk)
                for p in members
            ]
        )
        count += 1
    _programme_registers(rng, cohort, course, sessions, enrolments)
    return count


def _programme_registers(rng, cohort, course, sessions, enrolments) -> None:
    """The cohort's registers and the completions they support.

    Most came to every day, some missed one, a few fell short of the days the
    course needs and are still enrolled. Partners complete too: the improvement
    team confirms their team's project, as the completion rule allows.
    """
    marks, completed = [], []
    last = max(s.date for s in sessions)
    for enrolment in enrolments:
        roll = rng.random()
        missed = 0 if roll < 0.6 else 1 if roll < 0.9 else 2
        absent = set(rng.sample(range(len(sessions)), min(missed, len(sessions) - 1)))
        marks += [
            Attendance(session=s, enrolment=enrolment, present=i not in absent)
            for i, s in enumerate(sessions)
        ]
        if len(sessions) - len(absent) >= course.min_sessions_attended:
            enrolment.status = Enrolment.Status.COMPLETED
            enrolment.completed_at = timezone.make_aware(dt.datetime.combine(last, dt.time(17)))
            enrolment.certificate_number = f"QLS-{last:%Y}-{enrolment.pk:06d}"
            completed.append(enrolment)
    Attendance.objects.bulk_create(marks)
    Enrolment.objects.bulk_update(completed, ["status", "completed_at", "certificate_number"])
