"""Closing a project and reopening it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qls.projects import actions
from qls.projects.access import (
    can_reopen,
    get_editable_project,
    get_project,
)
from qls.projects.errors import ProjectError
from qls.projects.forms.stage import CloseForm, ReopenForm
from qls.projects.models import Evaluation
from qls.projects.views._common import project_crumbs


def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed project, with a reason kept in its stage history."""
    project = get_project(request, pk)
    if not can_reopen(request.user, project):
        if not project.is_closed:
            return redirect(project)
        raise PermissionDenied("Only the project's leads, its coach or the improvement team")
    post = request.method == "POST"
    form = ReopenForm(request.POST if post else None)
    if post and form.is_valid():
        try:
            change = actions.reopen_project(
                project=project, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ProjectError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request,
                f"'{project.title}' is reopened at the {change.get_to_stage_display().lower()} "
                "stage.",
            )
            return redirect(reverse("projects:project", args=[project.pk]) + "#stage")
    return render(
        request,
        "projects/reopen.html",
        {"project": project, "form": form, "crumbs": project_crumbs(project)},
    )


def close(request: HttpRequest, pk: int) -> HttpResponse:
    if get_project(request, pk).is_closed:
        messages.info(request, "The project is already closed.")
        return redirect("projects:project", pk)
    project = get_editable_project(request, pk)
    evaluation = Evaluation.objects.filter(project=project).first()
    post = request.method == "POST"
    form = CloseForm(request.POST if post else None)
    if post and form.is_valid():
        try:
            actions.close_project(
                project=project,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"'{project.title}' is closed.")
            return redirect(project)
    return render(
        request,
        "projects/close.html",
        {
            "project": project,
            "form": form,
            "evaluation": evaluation,
            "crumbs": project_crumbs(project),
        },
    )
