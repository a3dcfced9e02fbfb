"""Writes of the celebration of improvement: each keyword-only, atomic, refusing with a reason.

Registration follows the course places' pattern (``qls.capability.training.enrolment``):
the event row is locked first, then the seats are counted, so two people
taking the last seat at once queue on the lock and the second joins the
waiting list. A seat given up goes to the first person waiting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from qls.community.celebrations.errors import (
    AlreadyJudging,
    AlreadyRegistered,
    AlreadySubmitted,
    AwardTaken,
    CelebrationError,
    NotAJudge,
    NotOnTheTeam,
    NotShortlisted,
    OwnProject,
    RegistrationClosed,
    ScoreOutOfRange,
    SubmissionsClosed,
)
from qls.community.celebrations.models import (
    RUBRIC,
    SCORE_MAX,
    SCORE_MIN,
    AwardCategory,
    CelebrationEvent,
    Judge,
    ProgrammeItem,
    Registration,
    Score,
    Submission,
)
from qls.organisation.models import StaffMember
from qls.projects.models import Project, ProjectMember

# Who on a project's team may put it forward: its leads and members.
SUBMITTERS = (ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER)


def _first_error(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        if field == NON_FIELD_ERRORS:
            return errors[0].messages[0]
        return f"{field.replace('_', ' ').capitalize()}: {errors[0].messages[0]}"
    return exc.messages[0]


def create_event(
    *,
    name: str,
    date: dt.date,
    venue: str,
    capacity: int,
    submissions_open: dt.date,
    submissions_close: dt.date,
    categories: Iterable[str],
    by: Any,
) -> CelebrationEvent:
    with transaction.atomic():
        event = CelebrationEvent(
            name=name,
            date=date,
            venue=venue,
            capacity=capacity,
            submissions_open=submissions_open,
            submissions_close=submissions_close,
            created_by=by,
        )
        try:
            event.full_clean()
        except ValidationError as exc:
            raise CelebrationError(_first_error(exc)) from exc
        event.save()
        AwardCategory.objects.bulk_create(
            AwardCategory(event=event, name=category, position=i)
            for i, category in enumerate(dict.fromkeys(categories))
        )
        return event


def add_judge(*, event: CelebrationEvent, staff: StaffMember) -> Judge:
    try:
        with transaction.atomic():
            return Judge.objects.create(event=event, staff=staff)
    except IntegrityError as exc:
        raise AlreadyJudging(f"{staff.full_name} is already on the judging panel.") from exc


def is_on_team(staff: StaffMember | None, project: Project, roles=None) -> bool:
    if staff is None:
        return False
    members = ProjectMember.objects.filter(project=project, staff=staff)
    if roles is not None:
        members = members.filter(role__in=roles)
    return members.exists()


def submit(
    *,
    event: CelebrationEvent,
    project: Project,
    abstract: str,
    presenter: StaffMember,
    by: Any,
    submitter: StaffMember | None,
    today: dt.date | None = None,
) -> Submission:
    """Put a project forward: its poster is the project's own A3 poster, drawn when read."""
    if not event.is_open_for_submissions(today):
        raise SubmissionsClosed(
            f"{event.name} takes submissions from {event.submissions_open:%-d %B %Y} "
            f"to {event.submissions_close:%-d %B %Y}."
        )
    if not is_on_team(submitter, project, SUBMITTERS):
        raise NotOnTheTeam(f"Only a lead or member of {project.title}'s team may submit it.")
    submission = Submission(
        event=event,
        project=project,
        abstract=abstract.strip(),
        presenter=presenter,
        submitted_by=by,
    )
    try:
        submission.full_clean(exclude=["event", "project"], validate_unique=False)
    except ValidationError as exc:
        raise CelebrationError(_first_error(exc)) from exc
    try:
        with transaction.atomic():
            if Submission.objects.filter(event=event, project=project).exists():
                raise IntegrityError
            submission.save()
    except IntegrityError as exc:
        raise AlreadySubmitted(f"{project.title} is already submitted to {event.name}.") from exc
    return submission


def judge_of(staff: StaffMember | None, event: CelebrationEvent) -> Judge | None:
    if staff is None:
        return None
    return Judge.objects.filter(event=event, staff=staff).first()


def score(*, submission: Submission, judge_staff: StaffMember | None, marks: Mapping) -> Score:
    """Record (or revise) one judge's marks; every criterion must be a whole number 1 to 5."""
    judge = judge_of(judge_staff, submission.event)
    if judge is None:
        raise NotAJudge(f"Only the judging panel of {submission.event.name} scores submissions.")
    if ProjectMember.objects.filter(project=submission.project, staff=judge.staff).exists():
        raise OwnProject(
            f"{judge.staff.full_name} is on the team of {submission.project.title}, "
            "so may not judge it."
        )
    values = {}
    for name, heading, _ in RUBRIC:
        raw = marks.get(name)
        try:
            value = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            value = None
        if value is None or str(raw).strip() != str(value) or not SCORE_MIN <= value <= SCORE_MAX:
            raise ScoreOutOfRange(
                f"{heading}: give a whole number from {SCORE_MIN} to {SCORE_MAX} "
                f"(not {raw if raw not in (None, '') else 'blank'})."
            )
        values[name] = value
    with transaction.atomic():
        row, _ = Score.objects.update_or_create(
            submission=submission, judge=judge, defaults={**values, "scored_at": timezone.now()}
        )
    return row


def set_shortlisted(*, submission: Submission, shortlisted: bool) -> Submission:
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if shortlisted and not submission.scores.exists():
            raise NotShortlisted("Score a submission before shortlisting it.")
        if not shortlisted and submission.award_id:
            raise NotShortlisted("This submission has won an award; it stays on the shortlist.")
        submission.shortlisted = shortlisted
        submission.save(update_fields=["shortlisted"])
    return submission


def give_award(*, submission: Submission, category: AwardCategory) -> Submission:
    if category.event_id != submission.event_id:
        raise CelebrationError(f"{category.name} is an award of another event.")
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            if not submission.shortlisted:
                raise NotShortlisted("Awards go to shortlisted submissions: shortlist it first.")
            winner = Submission.objects.filter(award=category).exclude(pk=submission.pk).first()
            if winner is not None:
                raise AwardTaken(f"{category.name} has already been given to {winner.project}.")
            submission.award = category
            submission.save(update_fields=["award"])
    except IntegrityError as exc:
        raise AwardTaken(f"{category.name} has already been given.") from exc
    return submission


def seats_taken(event: CelebrationEvent) -> int:
    return event.registrations.filter(status=Registration.Status.REGISTERED).count()


def waiting_list(event: CelebrationEvent):
    return event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "registered_at", "pk"
    )


def register(
    *, event: CelebrationEvent, staff: StaffMember, today: dt.date | None = None
) -> Registration:
    """A seat if one is free, else a waiting-list place; registering twice is refused."""
    today = today or timezone.localdate()
    if event.date < today:
        raise RegistrationClosed(f"{event.name} took place on {event.date:%-d %B %Y}.")
    try:
        with transaction.atomic():
            event = CelebrationEvent.objects.select_for_update().get(pk=event.pk)
            existing = event.registrations.filter(staff=staff).first()
            if existing is not None:
                raise AlreadyRegistered(
                    f"{staff.full_name} is already {existing.get_status_display().lower()} "
                    f"for {event.name}; a second registration was not made."
                )
            full = seats_taken(event) >= event.capacity
            status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
            return Registration.objects.create(event=event, staff=staff, status=status)
    except IntegrityError as exc:
        raise AlreadyRegistered(
            f"{staff.full_name} is already registered for {event.name}."
        ) from exc


def cancel_registration(*, event: CelebrationEvent, staff: StaffMember) -> Registration | None:
    """Give up a seat (or a waiting place); a freed seat goes to the first person waiting."""
    with transaction.atomic():
        event = CelebrationEvent.objects.select_for_update().get(pk=event.pk)
        mine = event.registrations.filter(staff=staff).first()
        if mine is None:
            raise CelebrationError(f"{staff.full_name} is not registered for {event.name}.")
        held_seat = mine.status == Registration.Status.REGISTERED
        mine.delete()
        if not held_seat:
            return None
        first = waiting_list(event).first()
        if first is not None and seats_taken(event) < event.capacity:
            first.status = Registration.Status.REGISTERED
            first.save(update_fields=["status"])
        return first


def add_programme_item(
    *,
    event: CelebrationEvent,
    starts_at: dt.time,
    title: str,
    presenter: StaffMember | None,
    submission: Submission | None = None,
) -> ProgrammeItem:
    if submission is not None and submission.event_id != event.pk:
        raise CelebrationError("That submission was made to another event.")
    presenter = presenter or (submission.presenter if submission else None)
    if presenter is None:
        raise CelebrationError("Presenter: name a presenter, or link a submission.")
    item = ProgrammeItem(
        event=event, starts_at=starts_at, title=title, presenter=presenter, submission=submission
    )
    try:
        item.full_clean()
    except ValidationError as exc:
        raise CelebrationError(_first_error(exc)) from exc
    with transaction.atomic():
        item.save()
    return item
