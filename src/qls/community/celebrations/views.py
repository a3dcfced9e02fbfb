"""Pages of the celebration of improvement: events, submissions, judging, the gallery."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.community.celebrations import access, actions, queries
from qls.community.celebrations.errors import CelebrationError
from qls.community.celebrations.forms import (
    AwardForm,
    EventForm,
    GalleryFilterForm,
    JudgeForm,
    ProgrammeItemForm,
    ScoreForm,
    SubmissionForm,
)
from qls.community.celebrations.models import RUBRIC, CelebrationEvent, Registration, Score
from qls.community.celebrations.permissions import VIEW
from qls.community.views import crumbs
from qls.core.pagination import paginate
from qls.projects.access import staff_member_of
from qls.projects.models import Project

GALLERY_PAGE = 24


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Celebrations", reverse("community:celebrations_index")), *extra)


def _event_crumbs(event: CelebrationEvent, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs((event.name, event.get_absolute_url()), *extra)


def index(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW)
    today = timezone.localdate()
    events = list(CelebrationEvent.objects.all())
    return render(
        request,
        "community/celebrations/index.html",
        {
            "upcoming": sorted((e for e in events if e.date >= today), key=lambda e: e.date),
            "past": [e for e in events if e.date < today],
            "can_create": access.can_create(request.user),
            "awards": queries.recent_awards(6),
            "crumbs": crumbs(("Celebrations", "")),
        },
    )


def event_new(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.ADD)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = actions.create_event(
                **{k: data[k] for k in EventForm.Meta.fields},
                categories=data["categories"],
                by=request.user,
            )
        except CelebrationError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{event.name} is created.")
            return redirect(event)
    return render(
        request,
        "community/celebrations/event_form.html",
        {"form": form, "crumbs": _crumbs(("New event", ""))},
    )


def event(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    staff = staff_member_of(request.user)
    mine = event.registrations.filter(staff=staff).first() if staff else None
    position = None
    if mine and mine.status == Registration.Status.WAITLISTED:
        position = list(actions.waiting_list(event).values_list("pk", flat=True)).index(mine.pk) + 1
    sees_scores = access.can_see_scores(request.user, event)
    return render(
        request,
        "community/celebrations/event.html",
        {
            "event": event,
            "categories": list(event.categories.all()),
            "seats_left": max(event.capacity - actions.seats_taken(event), 0),
            "waiting": actions.waiting_list(event).count(),
            "mine": mine,
            "position": position,
            "is_open": event.is_open_for_submissions(),
            "is_past": event.date < timezone.localdate(),
            "rows": queries.ranked(event),
            "sees_scores": sees_scores,
            "judge": access.judge_for(request.user, event),
            "judges": list(event.judges.select_related("staff")),
            "programme": list(event.programme.select_related("presenter", "submission")),
            "can_manage": access.can_manage(request.user),
            "crumbs": _crumbs((event.name, "")),
        },
    )


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    staff = staff_member_of(request.user)
    if staff is None:
        messages.error(
            request, "Your account is not linked to a staff record, so you cannot register."
        )
        return redirect(event)
    try:
        booked = actions.register(event=event, staff=staff)
    except CelebrationError as refusal:
        messages.error(request, str(refusal))
    else:
        if booked.status == Registration.Status.REGISTERED:
            messages.success(request, f"You are registered for {event.name}.")
        else:
            messages.success(
                request,
                f"{event.name} is full: all {event.capacity} seats are taken. You are on the "
                "waiting list, and get a seat if one is given up.",
            )
    return redirect(event)


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    try:
        actions.cancel_registration(event=event, staff=staff_member_of(request.user))
    except CelebrationError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Your registration for {event.name} is cancelled.")
    return redirect(event)


def _team_projects(staff) -> object:
    if staff is None:
        return Project.objects.none()
    return Project.objects.filter(
        members__staff=staff, members__role__in=actions.SUBMITTERS
    ).distinct()


def submit(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    staff = staff_member_of(request.user)
    projects = _team_projects(staff).exclude(celebration_submissions__event=event)
    form = SubmissionForm(
        request.POST or None, projects=projects, initial={"presenter": staff} if staff else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = actions.submit(
                event=event,
                project=data["project"],
                abstract=data["abstract"],
                presenter=data["presenter"],
                by=request.user,
                submitter=staff,
            )
        except CelebrationError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{sent.project.title} is submitted to {event.name}.")
            return redirect(sent)
    return render(
        request,
        "community/celebrations/submit.html",
        {
            "event": event,
            "form": form,
            "has_projects": projects.exists(),
            "is_open": event.is_open_for_submissions(),
            "crumbs": _event_crumbs(event, ("Submit a project", "")),
        },
    )


def judges(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_managed_event(request.user, pk)
    form = JudgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            judge = actions.add_judge(event=event, staff=form.cleaned_data["staff"])
        except CelebrationError as refusal:
            form.add_error("staff", str(refusal))
        else:
            messages.success(request, f"{judge.staff.full_name} is on the judging panel.")
            return redirect("community:celebrations_judges", pk=event.pk)
    return render(
        request,
        "community/celebrations/judges.html",
        {
            "event": event,
            "form": form,
            "judges": list(event.judges.select_related("staff")),
            "crumbs": _event_crumbs(event, ("Judging panel", "")),
        },
    )


def programme(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_managed_event(request.user, pk)
    form = ProgrammeItemForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.add_programme_item(
                event=event,
                starts_at=data["starts_at"],
                title=data["title"],
                presenter=data["presenter"],
                submission=data["submission"],
            )
        except CelebrationError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{item.title} is on the programme.")
            return redirect("community:celebrations_programme", pk=event.pk)
    return render(
        request,
        "community/celebrations/programme.html",
        {
            "event": event,
            "form": form,
            "programme": list(event.programme.select_related("presenter", "submission")),
            "crumbs": _event_crumbs(event, ("Programme", "")),
        },
    )


def submission(request: HttpRequest, pk: int) -> HttpResponse:
    sub = access.get_submission(request.user, pk)
    event = sub.event
    sees_scores = access.can_see_scores(request.user, event)
    judge = access.judge_for(request.user, event)
    return render(
        request,
        "community/celebrations/submission.html",
        {
            "sub": sub,
            "event": event,
            "sees_scores": sees_scores,
            "scores": list(sub.scores.select_related("judge__staff")) if sees_scores else [],
            "rubric": RUBRIC,
            "judge": judge,
            "own_project": judge is not None
            and sub.project.members.filter(staff=judge.staff).exists(),
            "can_manage": access.can_manage(request.user),
            "award_form": AwardForm(event=event) if access.can_manage(request.user) else None,
            "crumbs": _event_crumbs(event, (sub.project.title, "")),
        },
    )


def score(request: HttpRequest, pk: int) -> HttpResponse:
    sub = access.get_submission(request.user, pk)
    if access.judge_for(request.user, sub.event) is None:
        raise PermissionDenied
    judge = access.judge_for(request.user, sub.event)
    current = Score.objects.filter(submission=sub, judge=judge).first()
    initial = {name: getattr(current, name) for name, _, _ in RUBRIC} if current else None
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.score(
                submission=sub,
                judge_staff=staff_member_of(request.user),
                marks=form.cleaned_data,
            )
        except CelebrationError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Your scores for {sub.project.title} are saved.")
            return redirect(sub)
    return render(
        request,
        "community/celebrations/score.html",
        {
            "sub": sub,
            "form": form,
            "crumbs": _event_crumbs(
                sub.event, (sub.project.title, sub.get_absolute_url()), ("Score", "")
            ),
        },
    )


@require_POST
def shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    sub = access.get_submission(request.user, pk)
    if not access.can_shortlist(request.user, sub.event):
        raise PermissionDenied
    wanted = request.POST.get("shortlisted") == "yes"
    try:
        actions.set_shortlisted(submission=sub, shortlisted=wanted)
    except CelebrationError as refusal:
        messages.error(request, str(refusal))
    else:
        done = "is on the shortlist" if wanted else "is taken off the shortlist"
        messages.success(request, f"{sub.project.title} {done}.")
    return redirect(sub)


@require_POST
def award(request: HttpRequest, pk: int) -> HttpResponse:
    sub = access.get_submission(request.user, pk)
    access.require(request.user, access.MANAGE)
    form = AwardForm(request.POST, event=sub.event)
    if not form.is_valid():
        messages.error(request, "Award: choose one of this event's awards.")
        return redirect(sub)
    category = form.cleaned_data["category"]
    try:
        actions.give_award(submission=sub, category=category)
    except CelebrationError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{sub.project.title} wins {category.name}.")
    return redirect(sub)


def gallery(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW)
    form = GalleryFilterForm(request.GET or None, choices=queries.gallery_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    paging = paginate(request, queries.gallery(filters), GALLERY_PAGE)
    return render(
        request,
        "community/celebrations/gallery.html",
        {
            "form": form,
            **paging,
            "crumbs": _crumbs(("Gallery", "")),
        },
    )
