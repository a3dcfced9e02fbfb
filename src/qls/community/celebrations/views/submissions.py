"""Submitting a project to an event, and a submission's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.community.celebrations import access, actions
from qls.community.celebrations.errors import CelebrationError
from qls.community.celebrations.forms import (
    AwardForm,
    SubmissionForm,
)
from qls.community.celebrations.models import RUBRIC
from qls.community.celebrations.views._common import event_crumbs
from qls.projects.access import staff_member_of
from qls.projects.models import Project


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
            "crumbs": event_crumbs(event, ("Submit a project", "")),
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
            "crumbs": event_crumbs(event, (sub.project.title, "")),
        },
    )
