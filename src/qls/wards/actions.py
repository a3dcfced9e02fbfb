"""Writes of the ward programme that touch several rows: plans, stages, events, issues.

Each action is keyword-only, runs in one transaction and raises a
``qls.wards.errors`` class with a message a person can act on; views turn
that into a form error or a flash message. Nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from qls.core.screening import screen
from qls.organisation.models import Site, StaffMember, StrategicAim, Ward
from qls.wards import ratelimit
from qls.wards.errors import (
    ActionOwnerMissing,
    EventNotOpen,
    IssueError,
    PatientIdentifierFound,
    PlanError,
    StageError,
    SubmissionLimitReached,
    WardAlreadyPlanned,
)
from qls.wards.models import (
    Action,
    EngagementEvent,
    Escalation,
    Issue,
    Nomination,
    WardJourney,
    WardProgramme,
    Wave,
)
from qls.wards.models.issues import Category
from qls.wards.models.journey import Stage
from qls.wards.planning import plan_warnings, propose_plan, wave_dates

# ------------------------------------------------------------------ waves and journeys


def ensure_wave(*, programme: WardProgramme, site: Site, number: int) -> Wave:
    """The site's wave ``number``, created with its dates and registry group if new."""
    wave = Wave.objects.filter(programme=programme, site=site, number=number).first()
    if wave is not None:
        return wave
    start, end = wave_dates(programme, number)
    wave = Wave.objects.create(programme=programme, site=site, number=number, start=start, end=end)
    link_wave_to_registry(wave)
    return wave


def link_wave_to_registry(wave: Wave) -> None:
    """Give the wave its group in the project registry (kind: ward programme wave)."""
    from qls.projects.models import Programme

    if wave.project_programme_id:
        return
    group, _ = Programme.objects.get_or_create(
        name=f"{wave.programme.name}: {wave.site.name} wave {wave.number}",
        defaults={
            "kind": Programme.Kind.WARD_WAVE,
            "description": f"Wards at {wave.site.name} starting the programme "
            f"from {wave.start:%-d %B %Y}.",
        },
    )
    wave.project_programme = group
    wave.save(update_fields=["project_programme"])


def plan_ward(*, programme: WardProgramme, ward: Ward, wave: Wave) -> WardJourney:
    """Put a ward into a wave; refused when it already sits in one of this programme."""
    if wave.programme_id != programme.pk:
        raise PlanError(f"Wave {wave.number} belongs to another programme.")
    if wave.site_id != ward.site_id:
        raise PlanError(
            f"{ward.name} is at {ward.site.name}; wave {wave.number} is at {wave.site.name}."
        )
    existing = (
        WardJourney.objects.filter(programme=programme, ward=ward).select_related("wave").first()
    )
    if existing is not None:
        raise _already_planned(ward, existing.wave)
    try:
        with transaction.atomic():
            return WardJourney.objects.create(programme=programme, ward=ward, wave=wave)
    except IntegrityError as error:
        # Another request planned the ward between our check and our insert.
        found = WardJourney.objects.filter(programme=programme, ward=ward).first()
        if found is None:
            raise
        raise _already_planned(ward, found.wave) from error


def _already_planned(ward: Ward, wave: Wave) -> WardAlreadyPlanned:
    return WardAlreadyPlanned(
        f"{ward.name} is already in wave {wave.number} of this programme. A ward takes "
        "part in one wave only: move it on the wave planner instead."
    )


@transaction.atomic
def save_plan(
    *,
    programme: WardProgramme,
    site: Site,
    assignments: dict[int, int],
    today: dt.date | None = None,
) -> tuple[int, int, list[str]]:
    """Save a site's schedule: ward id → wave number. Returns (planned, moved, warnings).

    Wards already past the planned stage keep their wave; asking to move one
    refuses the whole plan.
    """
    plan = propose_plan(programme, site, today=today)
    rows = {row.ward.pk: row for row in plan.rows}
    unknown = set(assignments) - set(rows)
    if unknown:
        names = ", ".join(
            str(w) for w in Ward.objects.filter(pk__in=unknown).order_by("name")
        ) or ", ".join(str(pk) for pk in sorted(unknown))
        raise PlanError(f"Not a programme ward at {site.name}: {names}.")
    for ward_id, number in assignments.items():
        if number < 1:
            raise PlanError(f"Choose a wave for {rows[ward_id].ward.name}.")
        if number > len(plan.slots) + 1:
            raise PlanError(
                f"There is no wave {number} to put {rows[ward_id].ward.name} in: choose one of "
                f"waves 1 to {len(plan.slots) + 1}."
            )
        row = rows[ward_id]
        if not row.movable and row.journey and row.journey.wave.number != number:
            raise PlanError(
                f"{row.ward.name} started wave {row.journey.wave.number} on "
                f"{row.journey.wave.start:%-d %B %Y} and cannot move to another wave."
            )
    planned = moved = 0
    for ward_id, number in assignments.items():
        row = rows[ward_id]
        wave = ensure_wave(programme=programme, site=site, number=number)
        if row.journey is None:
            plan_ward(programme=programme, ward=row.ward, wave=wave)
            planned += 1
        elif row.journey.wave_id != wave.pk:
            row.journey.wave = wave
            row.journey.save(update_fields=["wave"])
            moved += 1
    saved = propose_plan(programme, site, today=today)
    return planned, moved, plan_warnings(programme, site, saved.slots)


@transaction.atomic
def advance_stage(*, journey: WardJourney, on: dt.date | None = None) -> WardJourney:
    """Move the ward to its next stage, dating the start of that stage."""
    journey = WardJourney.objects.select_for_update().get(pk=journey.pk)
    following = journey.next_stage
    if following is None:
        raise StageError(f"{journey.ward.name} is already in the last stage, sustain.")
    if journey.status == WardJourney.Status.PAUSED:
        raise StageError(f"{journey.ward.name} is paused: resume it before moving it on.")
    journey.stage = following
    setattr(journey, f"{following}_on", on or timezone.localdate())
    journey.save(update_fields=["stage", f"{following}_on"])
    return journey


# ------------------------------------------------------------------ events and issues


def create_event(
    *,
    journey: WardJourney,
    date: dt.date,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    facilitator: StaffMember | None = None,
    title: str = "",
    location: str = "",
) -> EngagementEvent:
    if closes_at <= opens_at:
        raise EventNotOpen("The closing time must be after the opening time.")
    return EngagementEvent.objects.create(
        journey=journey,
        date=date,
        opens_at=opens_at,
        closes_at=closes_at,
        facilitator=facilitator,
        title=title or f"{journey.ward.name} engagement event",
        location=location,
    )


def submit_issue(
    *,
    event: EngagementEvent,
    text: str,
    staff_role: str = "",
    user=None,
    client_keys: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Issue:
    """Record an issue raised for the event's ward, by anyone, signed in or not."""
    now = now or timezone.now()
    state = event.state(now)
    if state == "closed":
        closed = timezone.localtime(event.closes_at)
        raise EventNotOpen(
            f"This event closed to new issues at {closed:%H:%M on %-d %B %Y}. "
            "Talk to your ward manager or the improvement team instead."
        )
    if state == "not_open":
        opens = timezone.localtime(event.opens_at)
        raise EventNotOpen(f"This event opens for issues at {opens:%H:%M on %-d %B %Y}.")
    text = (text or "").strip()
    if not text:
        raise IssueError("Enter the issue you want to raise.")
    problems = screen({"Issue": text, "Your role": staff_role})
    if problems:
        raise PatientIdentifierFound(" ".join(problems.values()))
    if not ratelimit.spend(client_keys):
        minutes = ratelimit.window_seconds() // 60
        raise SubmissionLimitReached(
            f"You have raised {ratelimit.limit()} issues in the last {minutes} minutes, the most "
            "this page takes from one device. Wait a few minutes, then raise the next one."
        )
    with transaction.atomic():
        issue = Issue.objects.create(
            event=event,
            text=text,
            staff_role=staff_role.strip(),
            submitted_by=user if user is not None and user.is_authenticated else None,
            submitted_at=now,
        )
    return issue


@transaction.atomic
def categorise_issue(*, issue: Issue, category: str) -> Issue:
    """Sort an issue into fix, improve or change (or back to unsorted)."""
    if category not in Category.values:
        raise IssueError(f"Choose fix, improve or change, not {category!r}.")
    if issue.category == category:
        return issue
    followed = _follow_up(issue)
    if followed:
        raise IssueError(
            f"This issue already has {followed}; it stays a {issue.get_category_display().lower()}."
        )
    issue.category = category
    issue.categorised_at = timezone.now() if category != Category.UNCATEGORISED else None
    issue.save(update_fields=["category", "categorised_at"])
    # Duplicates travel with the issue they repeat.
    issue.duplicates.update(category=category, categorised_at=issue.categorised_at)
    return issue


def _follow_up(issue: Issue) -> str:
    if issue.actions.exists():
        return "an action"
    if issue.project_id:
        return "a QI project"
    if hasattr(issue, "escalation"):
        return "an escalation"
    return ""


@transaction.atomic
def mark_duplicate(*, issue: Issue, of: Issue | None) -> Issue:
    """Group ``issue`` under ``of`` (or ungroup with ``of=None``)."""
    if of is not None:
        if of.pk == issue.pk:
            raise IssueError("An issue cannot repeat itself.")
        if of.event_id != issue.event_id:
            raise IssueError("Group issues raised at the same event only.")
        # Always point at the first issue of a group, never at another duplicate.
        while of.duplicate_of is not None:
            of = of.duplicate_of
            if of.pk == issue.pk:
                raise IssueError("Those issues are already grouped the other way round.")
        if _follow_up(issue):
            raise IssueError(f"This issue already has {_follow_up(issue)}; it cannot be grouped.")
        issue.duplicates.update(duplicate_of=of)
        issue.category = of.category
        issue.categorised_at = of.categorised_at
        issue.status = of.status
    issue.duplicate_of = of
    issue.save(update_fields=["duplicate_of", "category", "categorised_at", "status"])
    return issue


def _with_duplicates(issue: Issue):
    return Issue.objects.filter(pk=issue.pk) | Issue.objects.filter(duplicate_of=issue)


def _set_status(issue: Issue, status: str) -> None:
    _with_duplicates(issue).update(status=status)
    issue.status = status


def _primary(issue: Issue) -> Issue:
    if issue.duplicate_of_id:
        raise IssueError(
            "This issue repeats another one: follow up the first issue of the group instead."
        )
    return issue


@transaction.atomic
def create_action(
    *,
    issue: Issue,
    description: str,
    owner: StaffMember | None,
    due: dt.date | None,
    now: dt.datetime | None = None,
) -> Action:
    """A fix the ward will make: needs an owner and a due date."""
    _primary(issue)
    if owner is None:
        raise ActionOwnerMissing(
            "Choose who owns this action: a fix needs a named person to see it through.",
            field="owner",
        )
    if due is None:
        raise IssueError("Enter the date the action is due.", field="due")
    today = timezone.localdate(now) if now else timezone.localdate()
    if due < today:
        raise IssueError(
            f"The due date {due:%-d %B %Y} has passed: choose today or a later date.",
            field="due",
        )
    description = (description or "").strip() or issue.text
    problems = screen({"Action": description})
    if problems:
        raise PatientIdentifierFound(" ".join(problems.values()))
    if issue.category != Category.FIX:
        categorise_issue(issue=issue, category=Category.FIX)
    action = Action.objects.create(
        issue=issue,
        description=description,
        owner=owner,
        due=due,
        created_at=now or timezone.now(),
    )
    _set_status(issue, Issue.Status.IN_PROGRESS)
    return action


@transaction.atomic
def update_action(*, action: Action, status: str, now: dt.datetime | None = None) -> Action:
    """Move an action on; when every action of its issue is done, the issue is done."""
    if status not in Action.Status.values:
        raise IssueError(f"Choose open, in progress or done, not {status!r}.")
    action.status = status
    action.done_at = (now or timezone.now()) if status == Action.Status.DONE else None
    action.save(update_fields=["status", "done_at"])
    issue = action.issue
    if issue is None:  # raised on a failed audit standard: its history records the close
        return action
    open_left = issue.actions.exclude(status=Action.Status.DONE).exists()
    _set_status(issue, Issue.Status.IN_PROGRESS if open_left else Issue.Status.DONE)
    return action


@transaction.atomic
def escalate(*, issue: Issue, level: str, owner: StaffMember | None) -> Escalation:
    """A change beyond the ward: to the division or the trust, with a named owner."""
    _primary(issue)
    if owner is None:
        raise ActionOwnerMissing(
            "Choose who owns the escalation at the division or trust.", field="owner"
        )
    if level not in Escalation.Level.values:
        raise IssueError("Choose whether the division or the trust takes this on.", field="level")
    if hasattr(issue, "escalation"):
        raise IssueError("This issue has already been escalated.")
    if issue.category != Category.CHANGE:
        categorise_issue(issue=issue, category=Category.CHANGE)
    escalation = Escalation.objects.create(issue=issue, level=level, owner=owner)
    _set_status(issue, Issue.Status.IN_PROGRESS)
    return escalation


@transaction.atomic
def respond_to_escalation(
    *, escalation: Escalation, response: str, now: dt.datetime | None = None
) -> Escalation:
    """Record what was done ("we did"); the issue is then done."""
    response = (response or "").strip()
    if not response:
        raise IssueError("Enter what was done about the issue.", field="response")
    problems = screen({"Response": response})
    if problems:
        raise PatientIdentifierFound(" ".join(problems.values()))
    escalation.response = response
    escalation.responded_at = now or timezone.now()
    escalation.save(update_fields=["response", "responded_at"])
    _set_status(escalation.issue, Issue.Status.DONE)
    return escalation


@transaction.atomic
def start_project(
    *,
    issue: Issue,
    lead: StaffMember | None,
    aims: Iterable[StrategicAim],
    title: str = "",
    by=None,
    today: dt.date | None = None,
):
    """Turn an "improve" issue into a QI project at the idea stage, linked back to the issue."""
    from qls.projects.actions import register_project
    from qls.projects.models import Project

    _primary(issue)
    if issue.project_id:
        raise IssueError("This issue already has a QI project.")
    if lead is None:
        raise IssueError("Choose who will lead the project.", field="lead")
    aims = list(aims)
    if not aims:
        raise IssueError("Choose at least one strategic aim the project supports.", field="aims")
    if issue.category != Category.IMPROVE:
        categorise_issue(issue=issue, category=Category.IMPROVE)
    event = issue.event
    ward = event.journey.ward
    wave = event.journey.wave
    if not wave.project_programme_id:
        link_wave_to_registry(wave)
    project = register_project(
        by=by,
        fields={
            "title": (title or issue.text).strip()[:200],
            "problem": issue.text,
            "aim_statement": (
                f"To be set during scoping: the improvement {ward.name} wants in the problem "
                f"raised at its engagement event on {event.date:%-d %B %Y}."
            ),
            "site": ward.site,
            "ward": ward,
            "specialty": ward.specialty,
            "start_date": today or timezone.localdate(),
            "category": Project.Category.IMPROVE,
            "coproduction_level": Project.Coproduction.INVOLVING,
            "programme": wave.project_programme,
        },
        strategic_aims=aims,
        lead=lead,
    )
    issue.project = project
    issue.save(update_fields=["project"])
    _set_status(issue, Issue.Status.IN_PROGRESS)
    return project


@transaction.atomic
def set_issue_not_taken_forward(*, issue: Issue) -> Issue:
    _primary(issue)
    _set_status(issue, Issue.Status.NOT_TAKEN_FORWARD)
    return issue


# ------------------------------------------------------------------ nominations


@transaction.atomic
def nominate(*, event: EngagementEvent, staff: StaffMember, by=None) -> Nomination:
    """Nominate a member of staff for QSIR Practitioner training at the event."""
    if Nomination.objects.filter(event=event, staff=staff).exists():
        raise IssueError(f"{staff.full_name} is already nominated at this event.")
    nomination = Nomination.objects.create(event=event, staff=staff, nominated_by=by)
    from qls.wards import nomination_enrolment

    nomination_enrolment.enrol_nomination(nomination)
    return nomination


__all__ = [
    "Stage",
    "advance_stage",
    "categorise_issue",
    "create_action",
    "create_event",
    "ensure_wave",
    "escalate",
    "mark_duplicate",
    "nominate",
    "plan_ward",
    "respond_to_escalation",
    "save_plan",
    "set_issue_not_taken_forward",
    "start_project",
    "submit_issue",
    "update_action",
]
