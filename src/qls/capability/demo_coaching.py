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
import random
from collections import defaultdict

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from qls.capability.coaching.clinics import clinic_dates, slot_starts
from qls.capability.coaching.programmes import deal_into_teams
from qls.capability.models import (
    ActionLearningSet,
    Attendance,
    Clinic,
    ClinicBooking,
    ClinicSlot,
    Coach,
    Cohort,
    Competency,
    CompetencyEvidence,
    CompetencyLevel,
    Course,
    Enrolment,
    ImprovementProgramme,
    MentorPairing,
    Participant,
    ProgrammeTeam,
    Session,
    SetAttendance,
    SetMeeting,
)
from qls.organisation import demo
from qls.organisation.models import (
    CLINICAL_STAFF_GROUPS,
    Organisation,
    StaffMember,
    StrategicAim,
)
from qls.projects.models import Programme, Project, ProjectMember

LEVELS = [
    ("Foundation", "Knows the common improvement method and uses its tools with support."),
    ("Practitioner", "Leads a QI project through PDSA cycles and measures it with SPC."),
    ("Coach", "Coaches project teams, runs clinics and approves stage changes."),
    ("Faculty", "Teaches QSIR, mentors coaches and signs off competencies."),
]

COMPETENCIES = [
    ("F1", 0, "Describe the model for improvement", "Aim, measures and changes; PDSA as the engine."),
    ("F2", 0, "Map a process", "Walk and map a real process with the people who work in it."),
    ("F3", 0, "Read an SPC chart", "Tell common from special cause; avoid reacting to noise."),
    ("F4", 0, "Use the shared improvement language", "Fix, improve, change; the QLS glossary."),
    ("P1", 1, "Write a SMART aim and driver diagram", "Link change ideas to drivers and to the aim."),
    ("P2", 1, "Run a ramp of PDSA cycles", "Predict, test small, study against the prediction, act."),
    ("P3", 1, "Build a family of measures", "Outcome, process and balancing measures, defined."),
    ("P4", 1, "Involve patients and carers", "Move a project up the ladder of engagement."),
    ("C1", 2, "Coach a project team", "Ask rather than tell; keep the team on its own aim."),
    ("C2", 2, "Run a QI clinic", "Help people unstick a project in thirty minutes."),
    ("C3", 2, "Approve a stage change", "Judge the evidence for moving past scoping and testing."),
    ("C4", 2, "Facilitate an action learning set", "Hold a set to its ground rules and questions."),
    ("A1", 3, "Teach a QSIR session", "Deliver a Fundamentals or Practitioner session."),
    ("A2", 3, "Mentor a developing coach", "Plan and review a mentee's route through the levels."),
    ("A3", 3, "Assess competency evidence", "Sign off or return evidence with useful feedback."),
    ("A4", 3, "Lead improvement across the system", "Sponsor work with partner organisations."),
]  # fmt: skip

CLINICS = [
    ("BAS", "Basildon QI clinic", 1, dt.time(12, 30), dt.time(14, 30), "Education centre, room 4"),
    ("BRO", "Broomfield QI clinic", 2, dt.time(13, 0), dt.time(15, 0), "Postgraduate centre library"),
    ("SOU", "Southend QI clinic", 3, dt.time(14, 0), dt.time(16, 0), "Quality hub, Tower block"),
]  # fmt: skip

TOPICS = [
    "Writing a SMART aim",
    "Building a driver diagram",
    "Reading our SPC chart",
    "Choosing a balancing measure",
    "Planning the next PDSA cycle",
    "Getting data from the QLS",
    "Moving from scoping to testing",
    "Involving patients in the project",
    "Spreading a change to another ward",
    "Writing up the project evaluation",
]

OUTCOMES = [
    "Rewrote the aim with a baseline and a date; will share it with the team this week.",
    "Sketched primary and secondary drivers; two change ideas to test first.",
    "Chart shows common-cause variation only: agreed not to react to last week's rise.",
    "Agreed length of stay as a balancing measure and where the data comes from.",
    "Planned a one-bay, one-shift test with a written prediction.",
    "Found the falls dataset in the catalogue and set up the ward filter.",
    "Checked the scoping evidence; ready to request the move to testing.",
    "Plan to invite two patient partners to the next team meeting.",
    "Listed what the second ward must adapt; coach to join their huddle.",
    "Outline of the evaluation agreed; sustainability plan still needed.",
]

SET_NAMES = [
    ("Basildon ward leaders' set", "BAS", "Ward sisters and charge nurses testing changes on their wards."),
    ("Broomfield flow and discharge set", "BRO", "Teams working on flow, discharge and length of stay."),
    ("Southend therapies set", "SOU", "Therapists and AHPs linking QSIR training to their projects."),
    ("Cross-site pathway redesign set", None, "Clinicians from the three sites redesigning shared pathways."),
]  # fmt: skip

SET_NOTES = [
    "Each member brought one stuck point; themes were data access and time to test.",
    "Two members reported adopted changes; the set challenged how they will sustain them.",
    "Discussed engaging consultants; agreed to try a five-minute huddle slot.",
    "Reviewed SPC charts together; one signal of improvement, two still common cause.",
]

TEAMS = [
    (
        "Team 1: frailty at the front door",
        (
            "Older people living with frailty wait too long in the emergency department and are "
            "admitted when same-day care at home would serve them better."
        ),
    ),
    (
        "Team 2: discharge to assess",
        (
            "People medically fit to leave hospital stay days longer while assessments for care "
            "at home are arranged; assess them in their own homes instead."
        ),
    ),
    (
        "Team 3: children's mental health crisis",
        (
            "Children and young people in mental health crisis wait on paediatric wards without "
            "the right support; design a joined-up crisis pathway with partners."
        ),
    ),
]

PARTNER_ROLES = [
    "Commissioning manager",
    "Social worker",
    "Community matron",
    "Voluntary sector lead",
    "Practice manager",
    "Carers' support worker",
    "Public health analyst",
    "Housing officer",
]


def _delete(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def reset_coaching(ctx: demo.DemoContext) -> None:
    registry_ids = list(
        ImprovementProgramme.objects.exclude(programme=None).values_list("programme_id", flat=True)
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

    coaches = _build_coaches(ctx, rng, levels)
    _build_evidence(ctx, rng, coaches, levels, by_level, now)
    pairings = _build_pairings(ctx, rng, coaches, levels, today)
    bookings = _build_clinics(ctx, rng, coaches, now)
    sets = _build_sets(ctx, rng, coaches, today)
    teams = _build_programme(ctx, rng, coaches, today)
    ctx.log(
        f"  {len(coaches)} coaches, {pairings} mentor pairings, {bookings:,} clinic bookings, "
        f"{sets} action learning sets, {teams} programme teams"
    )


def _demo_staff(ctx: demo.DemoContext, username: str) -> StaffMember | None:
    user = ctx.users.get(username)
    if user is None:
        return None
    return StaffMember.objects.filter(user=user).select_related("site").first()


def _build_coaches(ctx, rng: random.Random, levels) -> list[Coach]:
    practitioner, coach_level, faculty = levels[1], levels[2], levels[3]
    coached = dict(
        ProjectMember.objects.filter(role=ProjectMember.Role.COACH)
        .exclude(project__stage="closed")
        .values("staff_id")
        .annotate(n=Count("project", distinct=True))
        .values_list("staff_id", "n")
    )
    site_of = dict(StaffMember.objects.filter(pk__in=coached).values_list("pk", "site_id"))
    records: dict[int, Coach] = {}
    # Everyone already coaching a project in the registry is a coach.
    for staff_id, used in coached.items():
        records[staff_id] = Coach(
            staff_id=staff_id,
            level=coach_level if used < 6 else faculty,
            capacity=max(used + rng.choice([0, 1, 1, 2]), 3),
        )
    # Plus practitioners working towards coach, and coaches with room, on each site.
    clinical = [
        m
        for m in ctx.staff
        if m.site_id
        and m.staff_group in CLINICAL_STAFF_GROUPS
        and m.band in ("Band 6", "Band 7", "Band 8a", "Medical")
        and m.pk not in records
        and m.user_id is None
    ]
    by_site = defaultdict(list)
    for member in clinical:
        by_site[member.site_id].append(member)
    for site_id in sorted(by_site):
        pool = by_site[site_id]
        for member in rng.sample(pool, min(len(pool), 6)):
            records[member.pk] = Coach(
                staff_id=member.pk,
                level=practitioner if len(records) % 2 else coach_level,
                capacity=rng.choice([2, 3, 3, 4]),
            )
            site_of[member.pk] = site_id
    for username, level, room in (("coach", coach_level, 2), ("improvement", faculty, 4)):
        member = _demo_staff(ctx, username)
        if member is None:
            continue
        used = coached.get(member.pk, 0)
        records[member.pk] = Coach(
            staff_id=member.pk,
            level=level,
            # Never below what they already coach: the pool's capacity rule holds.
            capacity=used + room if username == "coach" else max(room, used + 1),
            bio="Physiotherapist and QSIR practitioner since 2019; happy to help with "
            "measurement and PDSA ramps."
            if username == "coach"
            else "Improvement advisor and QSIR faculty; runs the coaching route.",
        )
        site_of[member.pk] = member.site_id
    demo_ids = {m.pk for m in (_demo_staff(ctx, "coach"), _demo_staff(ctx, "improvement")) if m}
    for index, record in enumerate(records.values()):
        # A few coaches have paused taking projects; never the demo log-ins.
        record.active = record.staff_id in demo_ids or index % 17 != 16
    coaches = Coach.objects.bulk_create(list(records.values()))
    Coach.sites.through.objects.bulk_create(
        [
            Coach.sites.through(coach_id=c.pk, site_id=site_of[c.staff_id])
            for c in coaches
            if site_of.get(c.staff_id)
        ]
    )
    return list(Coach.objects.select_related("staff__site", "level").order_by("pk"))


def _build_evidence(ctx, rng, coaches, levels, by_level, now) -> None:
    rows = []
    faculty_user = ctx.users.get("improvement")
    for coach in coaches:
        for level in levels:
            if level.order > coach.level.order:
                break
            for competency in by_level[level.pk]:
                when = now - dt.timedelta(days=rng.randint(60, 900))
                rows.append(
                    CompetencyEvidence(
                        staff_id=coach.staff_id,
                        competency=competency,
                        note=f"Reflective account: {competency.title.lower()} on a ward project.",
                        submitted_at=when,
                        status=CompetencyEvidence.Status.SIGNED_OFF,
                        signed_off_by=faculty_user,
                        signed_off_at=when + dt.timedelta(days=rng.randint(3, 20)),
                        comment="Clear evidence, well reflected.",
                    )
                )
        # Working towards the next level: some evidence waiting, some returned.
        if coach.level.order < len(levels):
            following = by_level[levels[coach.level.order].pk]
            for competency in rng.sample(following, rng.randint(0, 2)):
                returned = rng.random() < 0.2
                rows.append(
                    CompetencyEvidence(
                        staff_id=coach.staff_id,
                        competency=competency,
                        note=f"Notes and feedback from {competency.title.lower()}.",
                        submitted_at=now - dt.timedelta(days=rng.randint(1, 40)),
                        status=CompetencyEvidence.Status.RETURNED
                        if returned
                        else CompetencyEvidence.Status.SUBMITTED,
                        signed_off_by=faculty_user if returned else None,
                        signed_off_at=now - dt.timedelta(days=1) if returned else None,
                        comment="Please add the run chart and what the team decided."
                        if returned
                        else "",
                    )
                )
    staff_member = _demo_staff(ctx, "staff")
    if staff_member is not None:
        foundation = by_level[levels[0].pk]
        for competency in foundation[:2]:
            rows.append(
                CompetencyEvidence(
                    staff_id=staff_member.pk,
                    competency=competency,
                    note="Completed QSIR Fundamentals and used the tool on Kingfisher Ward.",
                    submitted_at=now - dt.timedelta(days=50),
                    status=CompetencyEvidence.Status.SIGNED_OFF,
                    signed_off_by=faculty_user,
                    signed_off_at=now - dt.timedelta(days=45),
                )
            )
        rows.append(
            CompetencyEvidence(
                staff_id=staff_member.pk,
                competency=foundation[2],
                note="Annotated SPC chart of our falls rate with my reading of it.",
                submitted_at=now - dt.timedelta(days=4),
            )
        )
    CompetencyEvidence.objects.bulk_create(rows, batch_size=1000)


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


def _build_clinics(ctx, rng, coaches, now) -> int:
    today = timezone.localdate()
    first = today - dt.timedelta(weeks=12)
    site_coaches = defaultdict(list)
    for coach in coaches:
        if coach.active and coach.level.order >= 2:
            site_coaches[coach.staff.site_id].append(coach)
    demo_coach = next(
        (c for c in coaches if c.staff.user_id == getattr(ctx.users.get("coach"), "pk", None)),
        None,
    )
    people = defaultdict(list)
    for member in ctx.staff:
        if member.site_id and member.user_id is None:
            people[member.site_id].append(member)
    running = defaultdict(list)
    for pk, staff_id in (
        ProjectMember.objects.filter(role=ProjectMember.Role.LEAD)
        .exclude(project__stage="closed")
        .values_list("project_id", "staff_id")
    ):
        running[staff_id].append(pk)
    staff_user = _demo_staff(ctx, "staff")
    slots: list[ClinicSlot] = []
    clinics = []
    for code, title, weekday, start, end, venue in CLINICS:
        site = ctx.sites.get(code)
        if site is None:
            continue
        clinic = Clinic.objects.create(
            site=site,
            title=title,
            weekday=weekday,
            start_time=start,
            end_time=end,
            slot_minutes=30,
            starts_on=first,
            venue=venue,
            online_link="https://teams.example.nhs.uk/qi-clinic-" + code.lower(),
        )
        team = site_coaches[site.pk][:4]
        if demo_coach and site.pk == demo_coach.staff.site_id and demo_coach not in team:
            team = [demo_coach, *team[:3]]
        Clinic.coaches.through.objects.bulk_create(
            [Clinic.coaches.through(clinic_id=clinic.pk, coach_id=c.pk) for c in team]
        )
        clinics.append(clinic)
        for index, day in enumerate(clinic_dates(clinic, start=first, weeks=18)):
            coach = team[index % len(team)] if team else None
            for starts_at in slot_starts(clinic, day):
                slots.append(
                    ClinicSlot(clinic=clinic, starts_at=starts_at, duration_minutes=30, coach=coach)
                )
    slots = ClinicSlot.objects.bulk_create(slots, batch_size=1000)
    bookings = []
    taken: set[tuple[int, dt.datetime]] = set()
    own_future = own_past = False
    for slot in sorted(slots, key=lambda s: s.starts_at):
        past = slot.starts_at < now
        staff = None
        if staff_user and slot.clinic.site_id == staff_user.site_id:
            if not past and not own_future and slot.starts_at > now + dt.timedelta(days=2):
                staff, own_future = staff_user, True
            elif past and not own_past and slot.starts_at > now - dt.timedelta(weeks=3):
                staff, own_past = staff_user, True
        if staff is None:
            if rng.random() > (0.65 if past else 0.3):
                continue
            staff = rng.choice(people[slot.clinic.site_id])
        if (staff.pk, slot.starts_at) in taken:
            continue
        taken.add((staff.pk, slot.starts_at))
        topic = rng.randrange(len(TOPICS))
        if past:
            recent_unrecorded = slot.starts_at > now - dt.timedelta(days=8) and rng.random() < 0.5
            if recent_unrecorded:
                status, notes = ClinicBooking.Status.BOOKED, ""
            elif rng.random() < 0.1:
                status, notes = ClinicBooking.Status.NO_SHOW, ""
            else:
                status, notes = ClinicBooking.Status.ATTENDED, OUTCOMES[topic]
        else:
            status, notes = ClinicBooking.Status.BOOKED, ""
        projects = running.get(staff.pk)
        bookings.append(
            ClinicBooking(
                slot=slot,
                staff=staff,
                starts_at=slot.starts_at,
                topic=TOPICS[topic],
                project_id=projects[0] if projects else None,
                status=status,
                outcome_notes=notes,
                reminder_sent_at=slot.starts_at - dt.timedelta(days=1) if past else None,
            )
        )
    ClinicBooking.objects.bulk_create(bookings, batch_size=1000)
    return len(bookings)


def _build_sets(ctx, rng, coaches, today) -> int:
    facilitators = [c for c in coaches if c.active and c.level.order >= 3]
    lead = _demo_staff(ctx, "lead")
    staff_member = _demo_staff(ctx, "staff")
    projects_by_site = defaultdict(list)
    for pk, site_id in Project.objects.exclude(stage="closed").values_list("pk", "site_id")[:400]:
        projects_by_site[site_id].append(pk)
    people = defaultdict(list)
    for member in ctx.staff:
        if (
            member.site_id
            and member.user_id is None
            and member.staff_group in CLINICAL_STAFF_GROUPS
        ):
            people[member.site_id].append(member)
    count = 0
    for index, (name, code, purpose) in enumerate(SET_NAMES):
        site = ctx.sites.get(code) if code else None
        candidates = [f for f in facilitators if site is None or f.staff.site_id == site.pk]
        facilitator = rng.choice(candidates or facilitators)
        learning_set = ActionLearningSet.objects.create(
            name=name, purpose=purpose, site=site, facilitator_id=facilitator.staff_id
        )
        pool = people[site.pk] if site else [m for ms in people.values() for m in ms]
        members = rng.sample(pool, min(len(pool), 6))
        if index == 0 and lead is not None:
            members[0] = lead
        if index == 0 and staff_member is not None:
            members[1] = staff_member
        ActionLearningSet.members.through.objects.bulk_create(
            [
                ActionLearningSet.members.through(
                    actionlearningset_id=learning_set.pk, staffmember_id=m.pk
                )
                for m in members
            ]
        )
        project_pool = (
            projects_by_site[site.pk]
            if site
            else [p for ps in projects_by_site.values() for p in ps]
        )
        ActionLearningSet.projects.through.objects.bulk_create(
            [
                ActionLearningSet.projects.through(
                    actionlearningset_id=learning_set.pk, project_id=p
                )
                for p in rng.sample(project_pool, min(len(project_pool), 3))
            ]
        )
        first = today - dt.timedelta(weeks=16 - 2 * index)
        meetings = SetMeeting.objects.bulk_create(
            [
                SetMeeting(
                    set=learning_set,
                    date=first + dt.timedelta(weeks=4 * n),
                    venue="Quality hub meeting room" if site else "Online",
                    notes=SET_NOTES[(n + index) % len(SET_NOTES)]
                    if first + dt.timedelta(weeks=4 * n) < today
                    else "",
                )
                for n in range(7)
            ]
        )
        SetAttendance.objects.bulk_create(
            [
                SetAttendance(meeting=meeting, member=member, present=rng.random() < 0.85)
                for meeting in meetings
                if meeting.date < today
                for member in members
            ]
        )
        count += 1
    return count


def _build_programme(ctx, rng, coaches, today) -> int:
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
        programme=registry,
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


STEP = demo.DemoStep("coaching", 650, build_coaching, reset_coaching)
