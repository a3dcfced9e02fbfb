"""Demo data for the introductory e-learning (the "elearning" step of ``manage.py demo``).

The six chapters of ``elearning_content`` with their quizzes, and the learners:
about 3,000 of the full demo trust's 14,000 staff have completed it since
2024 (the same share, some 320, of the standard demo's 1,500), each with a
passed quiz for every chapter, some after a failed first try, and a
completed enrolment in that year's online cohort, so My training, the
training reports and certificates show them. Some 8 % more have started and
stopped part-way. Of the demo log-ins, ``lead`` has completed it and
``staff`` is half-way (chapter 4 to carry on with). Rows are bulk-loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from qls.capability.models import Enrolment, Participant
from qls.community.elearning import actions, quiz, records
from qls.community.elearning.models import Attempt, Chapter, Option, Progress, Question
from qls.community.resources.models import Resource
from qls.demo.community.elearning_content import CHAPTERS
from qls.demo.context import DemoContext, DemoStep

COMPLETED_SHARE = 3_000 / 14_000
STARTED_SHARE = 0.08
FIRST_YEAR = 2024


def reset(ctx: DemoContext) -> None:
    with connection.cursor() as cursor:
        for model in (Attempt, Progress, Option, Question, Chapter.history.model, Chapter):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


# The resource library's QSIR modules each chapter points to (its "tools for this chapter").
CHAPTER_MODULES = (
    "starting-out",
    "generating-ideas",
    "testing-changes",
    "measurement",
    "measurement",
    "sustaining",
)
TOOLS_PER_CHAPTER = 3


def build_chapters() -> list[Chapter]:
    made = []
    for position, (title, summary, body, typed) in enumerate(CHAPTERS, start=1):
        chapter = Chapter(position=position, title=title, summary=summary, body=body, pass_mark=66)
        tools = Resource.objects.filter(module=CHAPTER_MODULES[position - 1]).order_by(
            "-download_count", "title"
        )[:TOOLS_PER_CHAPTER]
        made.append(
            actions.save_chapter(
                chapter=chapter, questions=quiz.parse(typed), resources=list(tools)
            )
        )
    return made


def _sheets(chapter: Chapter) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The snapshot of a fully right answer sheet, and of one with the first question wrong."""
    right, first_wrong = [], []
    for n, q in enumerate(chapter.questions.prefetch_related("options")):
        options = list(q.options.all())
        correct = [o.text for o in options if o.correct]
        wrong = [o.text for o in options if not o.correct][:1]
        right.append({"question": q.text, "chosen": correct, "correct": correct, "right": True})
        first_wrong.append(
            {
                "question": q.text,
                "chosen": wrong if n == 0 else correct,
                "correct": correct,
                "right": n != 0,
            }
        )
    return right, first_wrong


def _when(rng, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    return start + (end - start) * rng.random()


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("elearning")
    chapters = build_chapters()
    sheets = {c.pk: _sheets(c) for c in chapters}
    out_of = {c.pk: len(sheets[c.pk][0]) for c in chapters}
    course = records.course()
    now = timezone.now()
    tz = dt.UTC
    start = dt.datetime(FIRST_YEAR, 1, 8, 9, tzinfo=tz)

    users = {u: getattr(ctx.users.get(u), "pk", None) for u in ("staff", "lead")}
    staff = [m for m in ctx.staff if m.active]
    demo_people = {m.user_id: m for m in staff if m.user_id}
    pool = [m for m in staff if m.user_id is None]
    rng.shuffle(pool)
    completing = pool[: round(len(staff) * COMPLETED_SHARE)]
    starting = pool[len(completing) : len(completing) + round(len(staff) * STARTED_SHARE)]
    lead = demo_people.get(users["lead"])
    me = demo_people.get(users["staff"])
    if lead is not None:
        completing.append(lead)

    people = completing + starting + ([me] if me is not None else [])
    participants = _participants(people)

    progress: list[Progress] = []
    attempts: list[Attempt] = []
    enrolments: list[Enrolment] = []
    cohorts: dict[int, Any] = {}

    def attempt(p: Participant, chapter: Chapter, when: dt.datetime, passed: bool) -> None:
        right, wrong = sheets[chapter.pk]
        attempts.append(
            Attempt(
                participant=p,
                chapter=chapter,
                quiz_version=chapter.quiz_version,
                answers=right if passed else wrong,
                score=out_of[chapter.pk] - (0 if passed else 1),
                out_of=out_of[chapter.pk],
                pass_mark=chapter.pass_mark,
                passed=passed,
                submitted_at=when,
            )
        )

    def take(p: Participant, began: dt.datetime, upto: int, first: int = 0) -> dt.datetime:
        """Pass chapters first..upto-1 from ``began``; the time the last was passed."""
        when = began
        for chapter in chapters[first:upto]:
            when += dt.timedelta(minutes=rng.randint(8, 40))
            if rng.random() < 0.15:
                attempt(p, chapter, when, passed=False)
                when += dt.timedelta(minutes=rng.randint(3, 15))
            attempt(p, chapter, when, passed=True)
        return when

    for member in completing:
        p = participants[member.pk]
        began = _when(rng, start, now - dt.timedelta(days=30))
        if rng.random() < 0.3:  # came back another day (on a phone, often) to finish
            back = take(p, began, 3) + dt.timedelta(days=rng.randint(1, 20))
            finished = take(p, back, len(chapters), first=3)
        else:
            finished = take(p, began, len(chapters))
        finished = min(finished, now)
        year = timezone.localtime(finished).year
        if year not in cohorts:
            cohorts[year] = records.cohort_for(year, course)
        enrolments.append(
            Enrolment(
                cohort=cohorts[year],
                participant=p,
                status=Enrolment.Status.COMPLETED,
                source=Enrolment.Source.SELF,
                enrolled_at=began,
                completed_at=finished,
            )
        )
        progress.append(
            Progress(
                participant=p,
                last_chapter=chapters[-1],
                started_at=began,
                updated_at=finished,
                completed_at=finished,
            )
        )

    halfway = [(m, rng.randint(1, len(chapters) - 1)) for m in starting]
    if me is not None:
        halfway.append((me, 3))
    for member, passed in halfway:
        p = participants[member.pk]
        began = _when(rng, now - dt.timedelta(days=300), now - dt.timedelta(days=1))
        last = take(p, began, passed)
        progress.append(
            Progress(
                participant=p,
                last_chapter=chapters[passed],
                started_at=began,
                updated_at=min(last, now),
            )
        )

    made = Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    for e in made:
        e.certificate_number = f"QLS-{e.completed_at:%Y}-{e.pk:06d}"
    Enrolment.objects.bulk_update(made, ["certificate_number"], batch_size=1000)
    by_participant = {e.participant_id: e for e in made}
    for row in progress:
        row.enrolment = by_participant.get(row.participant_id)
    Progress.objects.bulk_create(progress, batch_size=1000)
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    ctx.log(
        f"E-learning: {len(chapters)} chapters, {len(made)} staff completed, "
        f"{len(halfway)} part-way, {len(attempts)} quizzes answered"
    )


def _participants(people: list[Any]) -> dict[int, Participant]:
    """The training participant of each member of staff, made where there is none."""
    ids = [m.pk for m in people]
    have = {p.staff_id: p for p in Participant.objects.filter(staff_id__in=ids)}
    missing = [Participant(staff_id=i) for i in ids if i not in have]
    Participant.objects.bulk_create(missing, batch_size=1000)
    have.update({p.staff_id: p for p in Participant.objects.filter(staff_id__in=ids)})
    return have


STEP = DemoStep("elearning", build, reset)
