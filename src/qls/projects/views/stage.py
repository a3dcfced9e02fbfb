"""Moving a project between stages: the request, the coach's decision, withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qls.projects import actions
from qls.projects.access import (
    can_decide,
    can_withdraw,
    get_editable_project,
    get_project,
    has_coach,
    who_decides,
)
from qls.projects.errors import ProjectError
from qls.projects.forms.stage import StageDecisionForm, StageRequestForm
from qls.projects.models import StageChange
from qls.projects.views._common import project_crumbs


def stage(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    post = request.method == "POST"
    form = StageRequestForm(request.POST if post else None, project=project)
    if post and form.is_valid():
        try:
            change = actions.request_stage_change(
                project=project,
                to_stage=form.cleaned_data["to_stage"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ProjectError as error:
            form.add_error("to_stage", str(error))
        else:
            if change.status == StageChange.Status.APPROVED:
                messages.success(
                    request,
                    f"The project is now at the {change.get_to_stage_display().lower()} stage.",
                )
            else:
                messages.info(
                    request,
                    f"Moving to {change.get_to_stage_display().lower()} needs approval. "
                    + who_decides(change),
                )
            return redirect(reverse("projects:project", args=[project.pk]) + "#stage")
    return render(
        request,
        "projects/stage.html",
        {
            "project": project,
            "form": form,
            "has_coach": has_coach(project),
            "crumbs": project_crumbs(project),
        },
    )


@require_POST
def decide(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    project = get_project(request, pk)
    change = get_object_or_404(StageChange, pk=change_pk, project=project)
    if not can_decide(request.user, change):
        raise PermissionDenied(
            "Only the project's coach can decide on a stage change, and never on their own request"
        )
    form = StageDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("projects:project", args=[project.pk]) + "#stage")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.decide_stage_change(
            change=change, by=request.user, approve=approve, note=form.cleaned_data["decision_note"]
        )
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        verb = "approved" if approve else "refused"
        messages.success(request, f"The move to {change.get_to_stage_display().lower()} is {verb}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("projects:project", args=[project.pk]) + "#stage"
    return redirect(back)


@require_POST
def withdraw(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    """Take back a stage request that is still waiting."""
    project = get_project(request, pk)
    change = get_object_or_404(StageChange, pk=change_pk, project=project)
    if not can_withdraw(request.user, change):
        raise PermissionDenied(
            "Only the person who asked, a project lead or the improvement team can withdraw it"
        )
    try:
        actions.withdraw_stage_change(change=change, by=request.user)
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The request to move to {change.get_to_stage_display().lower()} is withdrawn."
        )
    return redirect(reverse("projects:project", args=[project.pk]) + "#stage")
