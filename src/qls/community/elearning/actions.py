"""Writes of the e-learning: keeping a learner's place, marking quizzes, completing,
and the improvement team's edits to chapters and quizzes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from qls.capability import access
from qls.capability.models import Enrolment, Participant
from qls.capability.training import completion
from qls.community.elearning import quiz, records
from qls.community.elearning.errors import NotALearner, QuizRefused
from qls.community.elearning.models import Attempt, Chapter, Option, Progress, Question


def published() -> QuerySet[Chapter]:
    return Chapter.objects.filter(published=True).order_by("position")


def learner_for(user: Any) -> Participant:
    """The user's training participant (made on first use), or ``NotALearner``."""
    staff = access.staff_member_of(user)
    if staff is None:
        raise NotALearner(
            "Your account is not linked to a member of staff in the staff directory, so the "
            "e-learning cannot keep your progress. Ask an administrator to link it."
        )
    participant, _ = Participant.objects.get_or_create(staff=staff)
    return participant


def passed_chapter_ids(participant: Participant) -> set[int]:
    return set(
        Attempt.objects.filter(participant=participant, passed=True).values_list(
            "chapter_id", flat=True
        )
    )


def visit(*, participant: Participant, chapter: Chapter) -> Progress:
    """Remember the chapter the learner is on, so any device resumes there."""
    now = timezone.now()
    progress, made = Progress.objects.get_or_create(
        participant=participant,
        defaults={"last_chapter": chapter, "started_at": now, "updated_at": now},
    )
    if not made and progress.last_chapter_id != chapter.pk:
        progress.last_chapter = chapter
        progress.updated_at = now
        progress.save(update_fields=["last_chapter", "updated_at"])
    return progress


def submit_quiz(
    *, participant: Participant, chapter: Chapter, chosen: Mapping[int, set[int]]
) -> Attempt:
    """Mark the answers, keep them as they were, and complete the e-learning when this was
    the last chapter to pass. Every question must be answered."""
    with transaction.atomic():
        questions = list(chapter.questions.prefetch_related("options"))
        if not questions:
            raise QuizRefused(f"Chapter {chapter.position} has no quiz yet.")
        for number, q in enumerate(questions, start=1):
            valid = {o.pk for o in q.options.all()}
            picked = chosen.get(q.pk, set())
            if not picked:
                raise QuizRefused(f"Answer question {number}: {q.text}")
            if not picked <= valid:
                raise QuizRefused(
                    f"Question {number} has changed since the page was opened: "
                    "read it again and answer."
                )
        marked = quiz.mark(questions, chosen)
        passed = marked.score * 100 >= chapter.pass_mark * marked.out_of
        now = timezone.now()
        attempt = Attempt.objects.create(
            participant=participant,
            chapter=chapter,
            quiz_version=chapter.quiz_version,
            answers=marked.answers,
            score=marked.score,
            out_of=marked.out_of,
            pass_mark=chapter.pass_mark,
            passed=passed,
            submitted_at=now,
        )
        visit(participant=participant, chapter=chapter)
        if passed:
            complete_if_done(participant=participant, when=now)
        return attempt


def complete_if_done(*, participant: Participant, when: Any = None) -> Enrolment | None:
    """Record the completion once every published chapter's quiz is passed."""
    chapters = set(published().values_list("pk", flat=True))
    if not chapters or not chapters <= passed_chapter_ids(participant):
        return None
    return record_completion(participant=participant, when=when or timezone.now())


def record_completion(*, participant: Participant, when: Any) -> Enrolment:
    """A completed enrolment in the year's online cohort, with its certificate number.

    Done once: a learner who already completed keeps their first record.
    """
    with transaction.atomic():
        progress = Progress.objects.select_for_update().filter(participant=participant).first()
        if progress is None:
            progress = Progress.objects.create(
                participant=participant, started_at=when, updated_at=when
            )
        if progress.enrolment_id is not None:
            return progress.enrolment  # type: ignore[return-value]
        course = records.course()
        enrolment = Enrolment.objects.filter(
            participant=participant, cohort__course=course, status=Enrolment.Status.COMPLETED
        ).first()
        if enrolment is None:
            cohort = records.cohort_for(timezone.localtime(when).year, course)
            enrolment = Enrolment.objects.create(
                cohort=cohort,
                participant=participant,
                status=Enrolment.Status.COMPLETED,
                source=Enrolment.Source.SELF,
                enrolled_at=progress.started_at,
                completed_at=when,
            )
            enrolment.certificate_number = completion.certificate_number(enrolment)
            enrolment.save(update_fields=["certificate_number"])
        progress.enrolment = enrolment
        progress.completed_at = enrolment.completed_at
        progress.updated_at = when
        progress.save(update_fields=["enrolment", "completed_at", "updated_at"])
        return enrolment


def save_chapter(
    *, chapter: Chapter, questions: list[quiz.ParsedQuestion], resources: Any = None
) -> Chapter:
    """Save the chapter, its quiz and (when given) its library tools together; a changed
    quiz gets a new version.

    Attempts keep their own copy of the questions and answers, so earlier
    results stand whatever the new quiz says.
    """
    with transaction.atomic():
        is_new = chapter.pk is None
        if not is_new:
            stored = list(chapter.questions.prefetch_related("options"))
            changed = not quiz.same(stored, questions)
        else:
            changed = True
        if changed and not is_new and chapter.attempts.exists():
            chapter.quiz_version += 1
        chapter.save()
        if resources is not None:
            chapter.resources.set(resources)
        if changed:
            chapter.questions.all().delete()
            for position, parsed in enumerate(questions, start=1):
                q = Question.objects.create(chapter=chapter, position=position, text=parsed.text)
                Option.objects.bulk_create(
                    Option(question=q, position=i, text=text, correct=correct)
                    for i, (text, correct) in enumerate(parsed.options, start=1)
                )
        return chapter
