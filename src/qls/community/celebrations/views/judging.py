"""Judging submissions: scores, the shortlist and awards."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qls.community.celebrations import access, actions
from qls.community.celebrations.errors import CelebrationError
from qls.community.celebrations.forms import (
    AwardForm,
    ScoreForm,
)
from qls.community.celebrations.models import RUBRIC, Score
from qls.community.celebrations.views._common import event_crumbs
from qls.projects.access import staff_member_of


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
            "crumbs": event_crumbs(
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
