"""Demo data for the ward programme and accreditation (demo step "wards", order 700).

Dates. The first round of the programme ran from January to December 2024
(five wards per site every three months, sixty wards), so by any later
"today" it is complete: every ward sits in sustain, with its event, issues
and follow-up. A second round starts six months before the current quarter
so the board shows wards in every stage: two waves done or in action, one
running now, one planned (at one site still to plan, for the wave planner).
Accreditation audits run every three months over the last two years.

Everything is generated from the step's own random generator and bulk
created (no audit history for generated rows, as the organisation demo
explains).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from qls.core.models import JobStatus
from qls.demo.context import DemoContext, DemoStep
from qls.organisation.models import StaffMember, StrategicAim, Ward
from qls.wards import accreditation
from qls.wards.models import (
    AccreditationLevel,
    Action,
    AnswerType,
    Audit,
    AuditAnswer,
    AuditQuestion,
    AuditSection,
    AuditTemplate,
    Category,
    EngagementEvent,
    Escalation,
    Issue,
    Nomination,
    StaffSurveyResult,
    Stage,
    StandardProject,
    SurveyImport,
    WardJourney,
    WardProgramme,
    Wave,
)
from qls.wards.planning import add_months, wave_dates

# (text, the category staff usually give it, what the division or trust did when it was
# escalated). Each issue carries its own answer, so "we said, we did" pairs a request
# with the response to that request and never with another ward's.
ISSUES: list[tuple[str, str, str]] = [
    ("The drug room keypad code is shared by word of mouth and often wrong", "fix",
     "Estates fitted swipe-card access to every drug room; the keypads were removed."),
    ("We run out of blood bottles on nights and borrow from the next ward", "fix",
     "Stores now top up blood bottles on every ward at 8pm as well as in the morning."),
    ("The handover sheet has no space for pressure area risk", "fix",
     "The trust handover template gained a pressure area risk line for every patient."),
    ("Nobody knows where the spare oxygen cylinders are kept", "fix",
     "Every ward now has a signed oxygen store and cylinders are checked daily."),
    ("The ward phone rings unanswered during the drug round", "improve",
     "Ward clerks' hours were extended so the phone is answered during drug rounds."),
    ("Linen trolley is restocked after the morning washes instead of before", "fix",
     "The linen contract now delivers to the wards before 7am."),
    ("The whiteboard shows patients who have already gone home", "fix",
     "Electronic patient boards linked to the bed system replaced the whiteboards."),
    ("Bank staff have no log-in for the observations system on their first shift", "change",
     "Bank staff now receive log-ins before their first shift."),
    ("Discharge letters wait for a doctor until the afternoon", "improve",
     "Discharge letters are now started at the morning board round and signed by noon."),
    ("Pharmacy to-take-out medicines arrive after transport has left", "improve",
     "Pharmacy moved the ward's to-take-out deadline to 11am with a daily call."),
    ("Falls happen most between 2am and 6am when one nurse is on break", "improve",
     "Night breaks were staggered and a falls support worker covers 2am to 6am."),
    ("We cannot get a hoist sling in the right size quickly", "fix",
     "Each ward now holds a full set of hoist sling sizes, restocked by the equipment library."),
    ("The staff room fridge is broken and staff cannot store lunch", "fix",
     "The division replaced the staff room fridges on all its wards."),
    ("There is no quiet room to speak to relatives", "change",
     "A relatives' room was created from the former store room."),
    ("Agency staff are not shown where the resus trolley is", "fix",
     "Agency staff sign a local induction checklist, resus trolley included, each shift."),
    ("Ward rounds start at different times each day so nurses miss them", "improve",
     "Consultants agreed a fixed 9:30am ward round start on every medical ward."),
    ("Porters for scans are booked by phone and often forgotten", "improve",
     "Porters for scans are now booked electronically and tracked on the porters' system."),
    ("We need another registered nurse on nights for the number of patients", "change",
     "Added to the nursing establishment review; an extra night post was approved."),
    ("The bladder scanner is shared with two wards and is never charged", "fix",
     "The division bought a bladder scanner for each ward, with a charging dock."),
    ("Patients wait for pain relief because the controlled drug check needs two nurses",
     "improve",
     "Nursing associates were trained as second checkers for controlled drugs."),
    ("Equipment for isolation rooms is stored in the corridor", "fix",
     "Estates fitted storage cupboards outside the isolation rooms."),
    ("Call bells are out of reach after patients are moved", "fix",
     "Call bell checks were added to the bed move checklist."),
    ("The ward has no dementia-friendly signage", "change",
     "Estates fitted dementia-friendly signs on every adult inpatient ward."),
    ("Electronic prescribing logs us out every few minutes", "change",
     "IT changed the time-out for ward computers to 15 minutes."),
    ("Mouth care is missed at weekends", "improve",
     "Mouth care was added to the weekend care rounds, with oral care packs on every ward."),
    ("New starters get no ward induction pack", "fix",
     "A ward induction pack is now given to every new starter on their first day."),
    ("Weekend discharges are rare because there is no senior review", "change",
     "A weekend discharge team now covers all medical wards."),
    ("Fluid balance charts are incomplete after transfers", "improve",
     "Fluid balance moved into the electronic record, so charts follow patients on transfer."),
    ("The sluice is cluttered with broken commodes waiting for collection", "fix",
     "Broken equipment is now collected within two working days of being reported."),
    ("Staff cannot take breaks when the ward is short", "improve",
     "Protected break cover from the staffing bank was funded for short-staffed shifts."),
    ("Nutrition screening is not repeated after a week", "improve",
     "The electronic record now prompts a repeat nutrition screen after seven days."),
    ("Specialist nurse referrals are faxed and lost", "change",
     "Specialist nurse referrals moved into the electronic record; the fax was switched off."),
    ("The medicines fridge temperature is not checked on Sundays", "fix",
     "Medicines fridges now have alarmed remote temperature monitoring."),
    ("Patients are woken at 6am for observations that are not due", "improve",
     "Observation rounds are now timed by each patient's schedule, not a 6am round."),
    ("Parking for night staff is far from the entrance and unlit", "change",
     "Estates lit the car park path and moved night staff parking nearer the entrance."),
    ("Hand gel dispensers at the bay entrances are empty", "fix",
     "Housekeepers now check and refill hand gel dispensers twice a day."),
]  # fmt: skip
# When staff say it happens, added to issues that do not already say so.
WHEN = ["", " on nights", " at weekends", " during handover", " when we are busy", ""]
# An issue that names its own time takes no second one ("...at weekends at weekends").
TIMED_WORDS = {"when", "during", "night", "nights", "weekend", "weekends", "sundays",
               "2am", "6am", "afternoon", "morning", "shift", "handover"}  # fmt: skip


def issue_text(base: str, when: str) -> str:
    """The issue as staff would write it, with when it happens unless it already says."""
    words = {w.strip(".,").lower() for w in base.split()}
    return base if words & TIMED_WORDS else base + when


def response_for(text: str) -> str:
    """What was done about this issue, for its escalation's "we did"."""
    for base, _category, response in ISSUES:
        if text.startswith(base):
            return response
    raise ValueError(f"not a demo issue: {text!r}")


SURVEY_THEMES = [
    "We are compassionate and inclusive",
    "We are recognised and rewarded",
    "We each have a voice that counts",
    "We are safe and healthy",
    "We are always learning",
    "We work flexibly",
    "We are a team",
    "Staff engagement",
    "Morale",
]

AUDIT_SECTIONS: list[tuple[str, list[tuple[str, str, int]]]] = [
    (
        "Safe care",
        [
            ("The resuscitation trolley was checked every day last week", "yes_no", 2),
            ("Falls risk assessments are complete for patients aged 65 or over", "percent", 2),
            ("Pressure area care is recorded at the intervals planned", "percent", 2),
            ("Controlled drugs are checked and recorded correctly", "yes_no", 2),
        ],
    ),
    (
        "Effective care",
        [
            ("Observations are completed on time and escalated when needed", "percent", 2),
            ("Nutrition and hydration needs are assessed and met", "scale_0_4", 1),
            ("Discharge planning starts on admission", "scale_0_4", 1),
        ],
    ),
    (
        "Patient experience",
        [
            ("Patients say staff introduce themselves", "percent", 1),
            ("Call bells are within reach", "yes_no", 1),
            ("Patients and families know how to raise a concern", "scale_0_4", 1),
        ],
    ),
    (
        "Environment and infection prevention",
        [
            ("Hand hygiene audit result this month", "percent", 2),
            ("Equipment is clean and labelled as clean", "scale_0_4", 1),
            ("Sluice and store rooms are tidy and free of clutter", "yes_no", 1),
        ],
    ),
    (
        "Well-led ward",
        [
            ("The ward holds a daily safety huddle", "yes_no", 1),
            ("Staff know the ward's improvement priorities", "scale_0_4", 1),
            ("Mandatory training compliance", "percent", 1),
            ("The ward's quality board is up to date", "yes_no", 1),
        ],
    ),
]

AUDITOR_BANDS = {"Band 6", "Band 7", "Band 8a", "Band 8b"}
LEVELS = [("Bronze", 70.0, 1), ("Silver", 80.0, 2), ("Gold", 90.0, 3)]


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


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


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
                from qls.wards.actions import link_wave_to_registry

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
                opens_at=_at(day - dt.timedelta(days=14), 8),
                closes_at=_at(day + dt.timedelta(days=7), 17),
                facilitator=journey.facilitator,
                token=f"demo{rng.getrandbits(64):016x}",
            )
        )
    events = EngagementEvent.objects.bulk_create(events)
    by_journey = {j.pk: j for j in journeys}

    issues = _build_issues(rng, events, by_journey, today)
    _follow_up(rng, issues, events, by_journey, staff_by_ward, managers, waves, ctx, today)
    _nominations(rng, events, by_journey, staff_by_ward, ctx)
    _surveys(rng, programme_wards, today, ctx.users.get("analyst"))
    audits = _accreditation(rng, programme_wards, staff_by_ward, today)
    _standard_follow_ups(ctx, staff_by_ward, today)
    ctx.log(
        f"  2 ward programmes, {len(journeys)} ward journeys, {len(events)} events, "
        f"{len(issues):,} issues, {audits:,} accreditation audits"
    )


def _build_issues(rng: random.Random, events, by_journey, today: dt.date) -> list[Issue]:
    issues: list[Issue] = []
    for event in events:
        journey = by_journey[event.journey_id]
        count = rng.randint(30, 50) if journey.programme.start.year == 2024 else rng.randint(15, 25)
        if event.opens_at > timezone.now():
            continue  # not open yet: no issues
        window_end = min(event.closes_at, timezone.now())
        span = max((window_end - event.opens_at).total_seconds(), 3600)
        for _ in range(count):
            text, _category, _response = rng.choice(ISSUES)
            issues.append(
                Issue(
                    event=event,
                    text=issue_text(text, rng.choice(WHEN)),
                    staff_role=rng.choice(["", "", "", "Bank healthcare assistant",
                                           "Agency staff nurse", "Staff nurse", "Student nurse"]),
                    submitted_at=event.opens_at + dt.timedelta(seconds=rng.uniform(0, span)),
                )
            )  # fmt: skip
    return Issue.objects.bulk_create(issues, batch_size=1000)


def _true_category(text: str) -> str:
    for base, category, _response in ISSUES:
        if text.startswith(base):
            return category
    return "fix"


def _follow_up(rng, issues, events, by_journey, staff_by_ward, managers, waves, ctx, today):
    """Sort, group and follow up issues the way each event's age suggests."""
    from qls.projects.models import Project, ProjectMember

    now = timezone.now()
    by_event: dict[int, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_event[issue.event_id].append(issue)
    event_by_id = {e.pk: e for e in events}
    aims = list(StrategicAim.objects.all())
    actions: list[Action] = []
    escalations: list[Escalation] = []
    projects: list[tuple[Issue, Project, StaffMember, list[StrategicAim]]] = []
    changed: list[Issue] = []
    for event_id, group in by_event.items():
        event = event_by_id[event_id]
        journey = by_journey[event.journey_id]
        people = staff_by_ward.get(journey.ward_id) or managers
        age = (now - event.closes_at).days
        sorted_share = 1.0 if age > 14 else 0.55 if age > 0 else 0.2
        first_seen: dict[str, Issue] = {}
        for issue in sorted(group, key=lambda i: i.submitted_at):
            base = _true_category(issue.text)
            if rng.random() > sorted_share:
                continue
            issue.category = (
                base if rng.random() < 0.85 else rng.choice(["fix", "improve", "change"])
            )
            # Sorted at the event, or as they come in while it is still open (never later than now).
            issue.categorised_at = max(issue.submitted_at, min(_at(event.date, 15), now))
            key = issue.text
            if key in first_seen and rng.random() < 0.6:
                primary = first_seen[key]
                issue.duplicate_of_id = primary.pk
                issue.category = primary.category
                changed.append(issue)
                continue
            first_seen.setdefault(key, issue)
            settled = min(age / 90, 1.0) if age > 0 else 0.0
            if issue.category == Category.FIX:
                created = issue.categorised_at + dt.timedelta(days=rng.randint(0, 3))
                created = min(created, now)
                due = created.date() + dt.timedelta(days=rng.choice([14, 21, 28, 42]))
                done = rng.random() < 0.25 + 0.7 * settled
                took = dt.timedelta(days=rng.choice([2, 5, 9, 14, 20, 27, 35, 50, 70]))
                done_at = created + took if done and created + took < now else None
                status = "done" if done_at else rng.choice(["open", "in_progress", "in_progress"])
                actions.append(
                    Action(
                        issue=issue,
                        description=issue.text,
                        owner=rng.choice(people),
                        due=due,
                        status=status,
                        created_at=created,
                        done_at=done_at,
                    )
                )
                issue.status = "done" if done_at else "in_progress"
            elif issue.category == Category.IMPROVE:
                roll = rng.random()
                started = event.date + dt.timedelta(days=rng.randint(3, 20))
                if roll < 0.3 and aims and started <= today:
                    wave = waves[journey.wave_id]
                    project = Project(
                        title=issue.text[:200],
                        problem=issue.text,
                        aim_statement=f"Reduce the problem raised by {journey.ward.name} staff "
                        f"within six months of the engagement event.",
                        site_id=journey.ward.site_id,
                        ward_id=journey.ward_id,
                        start_date=started,
                        category=Project.Category.IMPROVE,
                        coproduction_level=Project.Coproduction.INVOLVING,
                        programme_id=wave.project_programme_id,
                        stage=rng.choice(["idea", "scoping", "testing", "testing",
                                          "implementing", "sustaining"])
                        if age > 60 else rng.choice(["idea", "scoping"]),
                    )  # fmt: skip
                    projects.append((issue, project, rng.choice(people), rng.sample(aims, 1)))
                    issue.status = "in_progress"
                elif roll < 0.45 and settled > 0.5:
                    issue.status = "not_taken_forward"
            elif issue.category == Category.CHANGE and rng.random() < 0.3 + 0.6 * settled:
                created = issue.categorised_at + dt.timedelta(days=rng.randint(1, 7))
                responded = created + dt.timedelta(days=rng.randint(14, 90))
                answered = responded < now and rng.random() < 0.75
                escalations.append(
                    Escalation(
                        issue=issue,
                        level=rng.choice(["division", "division", "trust"]),
                        owner=rng.choice(managers),
                        created_at=min(created, now),
                        response=response_for(issue.text) if answered else "",
                        responded_at=responded if answered else None,
                    )
                )
                issue.status = "done" if answered else "in_progress"
            changed.append(issue)
    # Duplicates share their primary issue's status.
    status_of = {i.pk: i.status for i in changed if i.duplicate_of_id is None}
    for issue in changed:
        if issue.duplicate_of_id:
            issue.status = status_of.get(issue.duplicate_of_id, "new")
    if projects:
        made = Project.objects.bulk_create([p for _i, p, _l, _a in projects], batch_size=500)
        through = Project.strategic_aims.through
        through.objects.bulk_create(
            [
                through(project_id=p.pk, strategicaim_id=a.pk)
                for p, (_i, _p, _l, chosen) in zip(made, projects, strict=True)
                for a in chosen
            ]
        )
        ProjectMember.objects.bulk_create(
            [
                ProjectMember(project=p, staff=lead, role=ProjectMember.Role.LEAD)
                for p, (_i, _p, lead, _a) in zip(made, projects, strict=True)
            ]
        )
        for project, (issue, *_rest) in zip(made, projects, strict=True):
            issue.project_id = project.pk
        try:
            from qls.projects.search import index_projects

            index_projects([p.pk for p in made])
        except ImportError:  # pragma: no cover - search arrived after this step
            pass
    Issue.objects.bulk_update(
        changed,
        ["category", "categorised_at", "duplicate_of", "status", "project"],
        batch_size=500,
    )
    Action.objects.bulk_create(actions, batch_size=1000)
    Escalation.objects.bulk_create(escalations, batch_size=1000)


def _nominations(rng, events, by_journey, staff_by_ward, ctx) -> None:
    """Two or three people per event, enrolled on the next Practitioner cohort if there is one."""
    from qls.capability.models import Attendance, Cohort, Course, Enrolment, Participant, Session

    cohorts = list(
        Cohort.objects.filter(course__kind=Course.Kind.PRACTITIONER)
        .exclude(status=Cohort.Status.CANCELLED)
        .select_related("course")
        .order_by("start_date")
    )
    nominations: list[Nomination] = []
    improvement_user = ctx.users.get("improvement")
    today = timezone.localdate()
    for event in events:
        if event.date > today:
            continue  # nominated at the event, which has not happened yet
        people = staff_by_ward.get(by_journey[event.journey_id].ward_id, [])
        clinical = [p for p in people if p.is_clinical and not p.user_id]
        for person in rng.sample(clinical, min(len(clinical), rng.choice([2, 2, 3]))):
            nominations.append(
                Nomination(
                    event=event,
                    staff=person,
                    nominated_by=improvement_user,
                    nominated_at=_at(event.date, 16),
                )
            )
    if cohorts:
        staff_ids = {n.staff_id for n in nominations}
        participants = {p.staff_id: p for p in Participant.objects.filter(staff_id__in=staff_ids)}
        missing = [Participant(staff_id=s) for s in staff_ids if s not in participants]
        for p in Participant.objects.bulk_create(missing):
            participants[p.staff_id] = p
        taken = set(
            Enrolment.objects.filter(participant__staff_id__in=staff_ids)
            .exclude(status=Enrolment.Status.CANCELLED)
            .values_list("cohort_id", "participant_id")
        )
        # Nominees take real places: a cohort already full is passed over for the next.
        holding = (Enrolment.Status.OFFERED, Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
        occupied = dict(
            Enrolment.objects.filter(cohort__in=cohorts, status__in=holding)
            .values("cohort")
            .annotate(n=Count("id"))
            .values_list("cohort", "n")
        )
        sessions: dict[int, list[Session]] = defaultdict(list)
        for session in Session.objects.filter(cohort__in=cohorts).order_by("number"):
            sessions[session.cohort_id].append(session)
        new: list[tuple[Nomination, Enrolment]] = []
        for nomination in nominations:
            cohort = next(
                (
                    c
                    for c in cohorts
                    if c.start_date > nomination.event.date
                    and (c.status == Cohort.Status.PLANNED or occupied.get(c.pk, 0) < c.capacity)
                ),
                None,
            )
            participant = participants[nomination.staff_id]
            if cohort is None or (cohort.pk, participant.pk) in taken:
                continue
            taken.add((cohort.pk, participant.pk))
            finished = cohort.status == Cohort.Status.FINISHED
            completed = finished and rng.random() < 0.85
            status = (
                Enrolment.Status.COMPLETED
                if completed
                else Enrolment.Status.CANCELLED
                if finished
                else Enrolment.Status.NOMINATED
                if cohort.status == Cohort.Status.PLANNED
                else Enrolment.Status.ENROLLED
            )
            if status in holding:
                occupied[cohort.pk] = occupied.get(cohort.pk, 0) + 1
            start = _at(cohort.start_date, 17)
            last_session = max((s.date for s in sessions[cohort.pk]), default=cohort.start_date)
            new.append(
                (
                    nomination,
                    Enrolment(
                        cohort=cohort,
                        participant=participant,
                        status=status,
                        source=Enrolment.Source.WARD_EVENT,
                        nominated_by=improvement_user,
                        enrolled_at=nomination.nominated_at if status != "nominated" else None,
                        completed_at=_at(last_session, 17) if completed else None,
                        cancelled_at=start if status == Enrolment.Status.CANCELLED else None,
                        cancel_reason="Could not be released from the ward"
                        if status == Enrolment.Status.CANCELLED
                        else "",
                    ),
                )
            )
        made = Enrolment.objects.bulk_create([e for _n, e in new], batch_size=500)
        for (nomination, _e), enrolment in zip(new, made, strict=True):
            nomination.enrolment = enrolment
        Attendance.objects.bulk_create(
            _nominee_registers(rng, made, sessions, today), batch_size=1000
        )
    Nomination.objects.bulk_create(nominations, batch_size=500)


def _nominee_registers(rng, enrolments, sessions, today: dt.date) -> list:
    """Registers for nominees' sessions held so far, agreeing with each completion.

    A completed nominee attended enough sessions for the course; one still on
    the course attended most so far; a cancelled place has no register.
    """
    from qls.capability.models import Attendance, Enrolment

    marks = []
    for enrolment in enrolments:
        if enrolment.status not in (Enrolment.Status.COMPLETED, Enrolment.Status.ENROLLED):
            continue
        held = [s for s in sessions[enrolment.cohort_id] if s.date <= today]
        if not held:
            continue
        if enrolment.status == Enrolment.Status.COMPLETED:
            needed = enrolment.cohort.course.min_sessions_attended
            spare = len(held) - needed if rng.random() < 0.3 else 0
            missed = set(rng.sample(range(len(held)), max(0, min(spare, 1))))
        else:
            missed = {i for i in range(len(held)) if rng.random() < 0.1}
        marks += [
            Attendance(session=s, enrolment=enrolment, present=i not in missed)
            for i, s in enumerate(held)
        ]
    return marks


def _surveys(rng, programme_wards, today: dt.date, analyst) -> None:
    rows = []
    surveys = [
        (f"NHS Staff Survey {year}", dt.date(year, 11, 30))
        for year in (2023, 2024, 2025)
        if dt.date(year, 11, 30) < today
    ]
    for wards in programme_wards.values():
        for ward in wards:
            base = rng.uniform(5.4, 7.0)
            for n, (survey, period) in enumerate(surveys):
                for theme in SURVEY_THEMES:
                    score = base + n * rng.uniform(0, 0.25) + rng.uniform(-0.6, 0.6)
                    rows.append(
                        StaffSurveyResult(
                            ward=ward,
                            survey=survey,
                            period=period,
                            theme=theme,
                            score=round(min(max(score, 0), 10), 1),
                            respondents=rng.randint(8, 45),
                        )
                    )
    StaffSurveyResult.objects.bulk_create(rows, batch_size=1000)
    # Each year's results arrive as one file in the spring after the survey closes.
    for survey, period in surveys:
        count = sum(1 for r in rows if r.survey == survey)
        day = min(dt.date(period.year + 1, 3, 14), today)
        when = dt.datetime.combine(day, dt.time(10, 5), dt.UTC)
        job = SurveyImport.objects.create(
            filename=f"staff-survey-{period.year}-ward-themes.csv",
            imported_by=analyst,
            status=JobStatus.SUCCEEDED,
            message="Done",
            rows_total=count,
            rows_done=count,
            rows=count,
            started_at=when,
            finished_at=when + dt.timedelta(seconds=6),
        )
        SurveyImport.objects.filter(pk=job.pk).update(imported_at=when)


def _audit_version(version: int, skipped: str = "", **change) -> tuple:
    """One version of the demo audit template, with ``skipped`` left out of it."""
    template = AuditTemplate.objects.create(
        name="Ward accreditation audit", version=version, active=not skipped, **change
    )
    questions: list[AuditQuestion] = []
    for order, (title, items) in enumerate(AUDIT_SECTIONS, start=1):
        kept = [item for item in items if item[0] != skipped]
        section = AuditSection.objects.create(
            template=template, title=title, order=order, total=sum(w for _, _, w in kept)
        )
        for q_order, (text, answer_type, weight) in enumerate(kept, start=1):
            questions.append(
                AuditQuestion(
                    section=section,
                    text=text,
                    answer_type=answer_type,
                    weight=weight,
                    order=q_order,
                    evidence=AUDIT_EVIDENCE.get(text, ""),
                )
            )
    return template, AuditQuestion.objects.bulk_create(questions)


def _accreditation(rng, programme_wards, staff_by_ward, today: dt.date) -> int:
    # Version 1 ran until a year ago; version 2 added the falls standard, so each
    # ward's score chart shows the change of version as a rebase with its reason.
    changed_on = add_months(today, -12)
    first, first_questions = _audit_version(1, skipped=FALLS_STANDARD)
    template, questions = _audit_version(
        2,
        based_on=first,
        change_reason=VERSION_2_REASON,
        changed_at=_at(changed_on - dt.timedelta(days=7), 10),
    )
    AccreditationLevel.objects.bulk_create(
        [AccreditationLevel(name=n, min_score=s, order=o) for n, s, o in LEVELS]
    )
    all_wards = [w for wards in programme_wards.values() for w in wards]
    by_site = defaultdict(list)
    for staff_list in staff_by_ward.values():
        for member in staff_list:
            by_site[member.site_id].append(member)
    first_day = add_months(today, -24)
    audits: list[Audit] = []
    planned_answers: list[list[float | None]] = []
    for ward in all_wards:
        quality = rng.uniform(0.62, 0.86)
        lift = rng.uniform(0.005, 0.03)
        day = first_day + dt.timedelta(days=rng.randint(0, 80))
        auditors = [
            m for m in by_site[ward.site_id] if m.ward_id != ward.pk and m.band in AUDITOR_BANDS
        ]
        overdue = rng.random() < 0.12
        while day <= today - dt.timedelta(days=2):
            if overdue and day > add_months(today, -6):
                break
            version, asked = (first, first_questions) if day < changed_on else (template, questions)
            values: list[float | None] = []
            for q in asked:
                p = min(max(quality + rng.gauss(0, 0.08), 0.05), 1.0)
                if q.answer_type == AnswerType.YES_NO:
                    values.append(1.0 if rng.random() < p else 0.0)
                elif q.answer_type == AnswerType.SCALE_0_4:
                    values.append(float(sum(rng.random() < p for _ in range(4))))
                else:
                    values.append(float(round(min(max(p * 100 + rng.gauss(0, 5), 0), 100))))
            result = accreditation.score(
                (q.answer_type, q.weight, v) for q, v in zip(asked, values, strict=True)
            )
            audits.append(
                Audit(
                    template=version,
                    ward=ward,
                    auditor=rng.choice(auditors) if auditors else None,
                    date=day,
                    status=Audit.Status.SUBMITTED,
                    score=result,
                    submitted_at=_at(day, 16),
                )
            )
            planned_answers.append(list(zip(asked, values, strict=True)))
            quality = min(quality + lift, 0.98)
            day = add_months(day, 3) + dt.timedelta(days=rng.randint(-10, 10))
    audits = Audit.objects.bulk_create(audits, batch_size=1000)
    answers = [
        AuditAnswer(audit=audit, question=q, value=v)
        for audit, answered in zip(audits, planned_answers, strict=True)
        for q, v in answered
    ]
    AuditAnswer.objects.bulk_create(answers, batch_size=2000)
    return len(audits)


# Audit template versions: what version 2 added, why, and what auditors look for.
FALLS_STANDARD = "Falls risk assessments are complete for patients aged 65 or over"
VERSION_2_REASON = (
    "Falls risk assessment added to safe care after the trust's falls review; "
    "safe care now counts for more of the score."
)
AUDIT_EVIDENCE = {
    "The resuscitation trolley was checked every day last week": (
        "The trolley's check log, signed for each of the last seven days"
    ),
    FALLS_STANDARD: "Five care records of patients aged 65 or over",
    "Controlled drugs are checked and recorded correctly": "The controlled drugs register",
    "Call bells are within reach": "Every occupied bed space you pass",
    "Hand hygiene audit result this month": "The ward's latest hand hygiene audit",
}


STEP = DemoStep("wards", build_wards, reset_wards)


# ------------------------------------------------------------------ failed standards

CALL_BELLS = "Call bells are within reach"
FALLS_CHECKS = "Falls risk assessments are complete for patients aged 65 or over"
SLUICE = "Sluice and store rooms are tidy and free of clutter"


def _standard_follow_ups(ctx: DemoContext, staff_by_ward, today: dt.date) -> None:
    """Failed standards followed up. The ward sister persona's ward failed "call bells"
    in its last two audits: the first audit's actions were closed, the latest has an
    open action she owns and a QI project started from another failed standard. A
    dozen other wards have an action on a standard their latest audit failed."""
    from qls.organisation.models import StrategicAim
    from qls.projects.actions import register_project
    from qls.projects.models import Project
    from qls.wards.standards import fails

    rng = ctx.rng("wards:standards")
    by_ward: dict[int, list[Audit]] = defaultdict(list)
    for audit in Audit.objects.order_by("ward", "-date", "-pk"):
        by_ward[audit.ward_id].append(audit)
    sister = ctx.users.get("lead")
    sister_staff = StaffMember.objects.filter(user=sister).first() if sister else None
    ward = sister_staff.ward if sister_staff and sister_staff.ward_id in by_ward else None
    if ward is None or len(by_ward[ward.pk]) < 2:
        ward = next((w for w in ctx.wards.values() if len(by_ward[w.pk]) >= 2), None)
    if ward is None:
        return
    latest, previous = by_ward[ward.pk][:2]
    coach = StaffMember.objects.filter(user=ctx.users.get("coach")).first()
    if coach is not None and coach.ward_id != ward.pk:
        latest.auditor = coach  # the coach persona follows up her own audit
        latest.save(update_fields=["auditor"])
    _set_answers(previous, {CALL_BELLS: 0.0, SLUICE: 0.0})
    _set_answers(latest, {CALL_BELLS: 0.0, SLUICE: 1.0, FALLS_CHECKS: 40.0})
    owner = sister_staff or ward.manager or rng.choice(staff_by_ward[ward.pk])
    helpers = [m for m in staff_by_ward[ward.pk] if m.pk != owner.pk] or [owner]
    actions = []
    for text, who, days in ((CALL_BELLS, owner, 12), (SLUICE, rng.choice(helpers), 20)):
        answer = previous.answers.get(question__text=text)
        actions.append(
            Action(
                audit_answer=answer,
                description=f"Meet the standard: {text}",
                owner=who,
                due=previous.date + dt.timedelta(days=28),
                status=Action.Status.DONE,
                created_at=_at(previous.date, 17),
                done_at=_at(previous.date + dt.timedelta(days=days), 15),
            )
        )
    actions.append(
        Action(
            audit_answer=latest.answers.get(question__text=CALL_BELLS),
            description="Check every call bell at the start of each shift and log it on the "
            "safety huddle board",
            owner=owner,
            due=max(latest.date + dt.timedelta(days=28), today + dt.timedelta(days=10)),
            created_at=_at(latest.date, 17),
        )
    )
    # Elsewhere: one action on the first failed standard of each of a dozen latest audits.
    others = [w for w in ctx.wards.values() if w.pk != ward.pk and by_ward.get(w.pk)]
    rng.shuffle(others)
    raised = 0
    for other in others:
        if raised == 12:
            break
        audit = by_ward[other.pk][0]
        failed = [
            a
            for a in audit.answers.select_related("question").order_by("question__pk")
            if fails(a.question.answer_type, a.value)
        ]
        people = staff_by_ward.get(other.pk) or [
            m for m in ctx.staff if m.site_id == other.site_id and m.ward_id
        ]
        if not failed or not people:
            continue
        raised += 1
        done = rng.random() < 0.3
        actions.append(
            Action(
                audit_answer=failed[0],
                description=f"Meet the standard: {failed[0].question.text}",
                owner=rng.choice(people),
                due=audit.date + dt.timedelta(days=rng.randint(14, 42)),
                status=Action.Status.DONE if done else Action.Status.OPEN,
                created_at=_at(audit.date, 17),
                done_at=_at(audit.date + dt.timedelta(days=10), 12) if done else None,
            )
        )
    Action.objects.bulk_create(actions)

    aims = list(StrategicAim.objects.filter(active=True)[:1])
    if not aims:
        return
    answer = latest.answers.select_related("question__section").get(question__text=FALLS_CHECKS)
    project = register_project(
        by=sister or None,
        fields={
            "title": f"Falls risk assessments on {ward.name}",
            "problem": f"The accreditation audit of {ward.name} on {latest.date:%-d %B %Y} found "
            f"this standard not met: '{FALLS_CHECKS}' (section: "
            f"{answer.question.section.title}). Only 40% were complete.",
            "aim_statement": "95% of patients aged 65 or over have a completed falls risk "
            f"assessment within 6 hours of admission to {ward.name}, within three months.",
            "site": ward.site,
            "ward": ward,
            "specialty": ward.specialty,
            "start_date": latest.date + dt.timedelta(days=3),
            "category": Project.Category.IMPROVE,
            "coproduction_level": Project.Coproduction.CONSULTING,
        },
        strategic_aims=aims,
        lead=owner,
    )
    StandardProject.objects.create(
        audit_answer=answer, project=project, created_by=sister, created_at=_at(latest.date, 18)
    )


def _set_answers(audit: Audit, values: dict[str, float]) -> None:
    """Change some answers of a demo audit and score it again."""
    answers = list(audit.answers.select_related("question"))
    for answer in answers:
        if answer.question.text in values:
            answer.value = values[answer.question.text]
    AuditAnswer.objects.bulk_update(answers, ["value"])
    audit.score = accreditation.score(
        (a.question.answer_type, a.question.weight, a.value) for a in answers
    )
    audit.save(update_fields=["score"])
