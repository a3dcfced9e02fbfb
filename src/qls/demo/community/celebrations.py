"""Demo data for the celebration of improvement (the "celebrations" demo step).

Two past events, each with 30 posters from the demo's projects, a panel of
five judges who scored every poster they were free to judge, a shortlist,
an award per category, a programme and a full hall; and one upcoming event
open for submissions, with a few posters in already, the demo coach on its
panel and seats still free. Rows are bulk-created (no audit history for a
generator's rows, as the other demo steps do).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.utils import timezone

from qls.community.celebrations.models import (
    RUBRIC_FIELDS,
    AwardCategory,
    CelebrationEvent,
    Judge,
    ProgrammeItem,
    Registration,
    Score,
    Submission,
)
from qls.demo.context import DemoContext, DemoStep
from qls.organisation.models import StaffMember
from qls.projects.models import Project, ProjectMember

POSTERS_PER_PAST_EVENT = 30
UPCOMING_POSTERS = 5
JUDGES = 5
SHORTLIST = 8
CATEGORIES = [
    "Patient safety",
    "Patient experience",
    "Staff wellbeing",
    "Best use of data",
    "Poster of the year",
]
VENUES = [
    "Education centre, Basildon University Hospital",
    "Lecture theatre, Southend University Hospital",
    "Conference hall, Broomfield Hospital",
]
OPENERS = [
    "Our team noticed that {problem}",
    "Staff told us at a ward engagement event that {problem}",
    "Our data showed that {problem}",
]
MIDDLES = [
    (
        "We mapped the process with the people who do the work, built a driver diagram and "
        "tested our change ideas in small PDSA cycles, starting with one bay on one shift."
    ),
    (
        "After a staff survey and a process map we chose three change ideas and tested each "
        "in PDSA cycles, adapting them after every cycle before spreading them to the ward."
    ),
    (
        "We worked with patients and carers to agree what good looks like, then tested changes "
        "one at a time, learning from what did not work as much as from what did."
    ),
]
ENDINGS = [
    (
        "Our run chart shows a sustained shift, and the new way of working is now part of the "
        "ward's routine. We are sharing the change with two neighbouring wards."
    ),
    (
        "The SPC chart shows special cause variation in the direction of improvement. The team "
        "feels ownership of the change and plans to hold the gain with a monthly audit."
    ),
    (
        "The measures are moving the right way but not yet stable; we share what we learned "
        "about testing on nights and the next cycles we have planned."
    ),
]
PROGRAMME_START = dt.time(9, 30)


def _clip(text: str, limit: int) -> str:
    """The text up to ``limit`` characters, cut at a word, without its closing full stop."""
    text = text.strip().rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:")


def _abstract(project: Project, rng: random.Random) -> str:
    problem = _clip(project.problem or "care could be better", 400)
    problem = problem[:1].lower() + problem[1:]
    first = rng.choice(OPENERS).format(problem=problem) + "."
    aim = f"Our aim: {_clip(project.aim_statement, 300)}."
    return " ".join([first, aim, rng.choice(MIDDLES), rng.choice(ENDINGS)])


def _teams(projects: list[Project]) -> dict[int, list[ProjectMember]]:
    teams: dict[int, list[ProjectMember]] = {}
    for member in ProjectMember.objects.filter(project__in=projects).order_by("pk"):
        teams.setdefault(member.project_id, []).append(member)
    return teams


def _presenter(team: list[ProjectMember]) -> int | None:
    for role in (ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER):
        for member in team:
            if member.role == role:
                return member.staff_id
    return None


def build_celebrations(ctx: DemoContext) -> None:
    rng = ctx.rng("celebrations")
    today = timezone.localdate()
    projects = list(Project.objects.order_by("pk").prefetch_related("strategic_aims"))
    teams = _teams(projects)
    presenters = {p.pk: staff_id for p in projects if (staff_id := _presenter(teams.get(p.pk, [])))}
    projects = [p for p in projects if p.pk in presenters]
    if not projects:
        return
    staff_ids = list(StaffMember.objects.filter(active=True).values_list("pk", flat=True))
    people = {name: StaffMember.objects.filter(user=u).first() for name, u in ctx.users.items()}
    improvement = ctx.users.get("improvement")
    events = []
    for years_ago in (2, 1):
        day = dt.date(today.year - years_ago, 6, 18 + years_ago)
        events.append(
            CelebrationEvent(
                name=f"Celebration of improvement {day.year}",
                date=day,
                venue=VENUES[years_ago % len(VENUES)],
                capacity=200,
                submissions_open=day - dt.timedelta(days=120),
                submissions_close=day - dt.timedelta(days=30),
                created_by=improvement,
            )
        )
    upcoming_day = today + dt.timedelta(days=110)
    events.append(
        CelebrationEvent(
            name=f"Celebration of improvement {upcoming_day.year}",
            date=upcoming_day,
            venue=VENUES[0],
            capacity=180,
            submissions_open=today - dt.timedelta(days=20),
            submissions_close=today + dt.timedelta(days=60),
            created_by=improvement,
        )
    )
    events = CelebrationEvent.objects.bulk_create(events)
    categories = AwardCategory.objects.bulk_create(
        AwardCategory(event=e, name=name, position=i)
        for e in events
        for i, name in enumerate(CATEGORIES)
    )
    by_event: dict[int, list[AwardCategory]] = {}
    for c in categories:
        by_event.setdefault(c.event_id, []).append(c)

    coach = people.get("coach")
    panel: list[Judge] = []
    for event in events:
        picked = rng.sample(staff_ids, min(JUDGES, len(staff_ids)))
        if coach is not None and event is events[-1] and coach.pk not in picked:
            picked[0] = coach.pk
        panel.extend(Judge(event=event, staff_id=s) for s in picked)
    judges = Judge.objects.bulk_create(panel)

    # Each past event shows a different 30 projects where there are enough.
    pool = projects[:]
    rng.shuffle(pool)
    made: list[Submission] = []
    for i, event in enumerate(events):
        count = POSTERS_PER_PAST_EVENT if i < 2 else UPCOMING_POSTERS
        start = (i * POSTERS_PER_PAST_EVENT) % len(pool)
        chosen = (pool[start:] + pool[:start])[:count]
        when = timezone.make_aware(
            dt.datetime.combine(min(event.submissions_close, today), dt.time(12))
        )
        made.extend(
            Submission(
                event=event,
                project=p,
                abstract=_abstract(p, rng),
                presenter_id=presenters[p.pk],
                submitted_at=when - dt.timedelta(days=rng.randint(0, 20)),
            )
            for p in chosen
        )
    submissions = Submission.objects.bulk_create(made)

    _judge_past_events(events[:2], judges, submissions, teams, by_event, rng)
    _registrations(events, staff_ids, people, rng)
    _programmes(events[:2], submissions)


def _judge_past_events(events, judges, submissions, teams, by_event, rng) -> None:
    scores = []
    totals: dict[int, list[int]] = {}
    past = {e.pk for e in events}
    for sub in submissions:
        if sub.event_id not in past:
            continue
        members = {m.staff_id for m in teams.get(sub.project_id, [])}
        quality = rng.randint(2, 5)
        for judge in judges:
            if judge.event_id != sub.event_id or judge.staff_id in members:
                continue  # nobody judges a project they belong to
            marks = {f: max(1, min(5, quality + rng.choice((-1, 0, 0, 1)))) for f in RUBRIC_FIELDS}
            scores.append(Score(submission=sub, judge=judge, **marks))
            totals.setdefault(sub.pk, []).append(sum(marks.values()))
    Score.objects.bulk_create(scores)
    for event in events:
        ranked = sorted(
            (s for s in submissions if s.event_id == event.pk and s.pk in totals),
            key=lambda s: -sum(totals[s.pk]) / len(totals[s.pk]),
        )
        shortlisted = ranked[:SHORTLIST]
        for sub, category in zip(shortlisted, by_event[event.pk], strict=False):
            sub.award = category
        for sub in shortlisted:
            sub.shortlisted = True
        Submission.objects.bulk_update(shortlisted, ["shortlisted", "award"])


def _registrations(events, staff_ids, people, rng) -> None:
    rows = []
    for i, event in enumerate(events):
        wanted = event.capacity + 12 if i < 2 else 60
        chosen = rng.sample(staff_ids, min(wanted, len(staff_ids)))
        if i == len(events) - 1:
            lead = people.get("lead")
            chosen = [s for s in chosen if lead is None or s != lead.pk]
        for n, staff_id in enumerate(chosen):
            status = (
                Registration.Status.REGISTERED
                if n < event.capacity
                else Registration.Status.WAITLISTED
            )
            rows.append(Registration(event=event, staff_id=staff_id, status=status))
    Registration.objects.bulk_create(rows)


def _programmes(events, submissions) -> None:
    rows = []
    for event in events:
        talks = [s for s in submissions if s.event_id == event.pk and s.shortlisted]
        start = dt.datetime.combine(event.date, PROGRAMME_START)
        for n, sub in enumerate(talks):
            rows.append(
                ProgrammeItem(
                    event=event,
                    starts_at=(start + dt.timedelta(minutes=20 * n)).time(),
                    title=sub.project.title,
                    presenter_id=sub.presenter_id,
                    submission=sub,
                )
            )
    ProgrammeItem.objects.bulk_create(rows)


def reset_celebrations(ctx: DemoContext) -> None:
    models = [
        ProgrammeItem,
        Score,
        Registration,
        Submission,
        Judge,
        AwardCategory,
        CelebrationEvent,
    ]
    tables = []
    for model in models:
        history = getattr(model, "history", None)
        if history is not None:
            tables.append(history.model._meta.db_table)
    tables += [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


STEP = DemoStep("celebrations", build_celebrations, reset_celebrations)
