"""Registering a project and editing its details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.projects import actions
from qls.projects.access import get_editable_project, staff_member_of
from qls.projects.errors import ProjectError
from qls.projects.forms.project import ProjectForm
from qls.projects.forms.register import RegisterProjectForm
from qls.projects.permissions import ADD_PROJECT
from qls.projects.views._common import crumbs, project_crumbs


@permission_required(ADD_PROJECT, raise_exception=True)
def new_project(request: HttpRequest) -> HttpResponse:
    post = request.method == "POST"
    form = RegisterProjectForm(
        request.POST if post else None,
        user=request.user,
        initial=None if post else RegisterProjectForm.initial_from(request.GET),
    )
    if post and form.is_valid():
        data = form.cleaned_data
        try:
            project = actions.register_project(
                by=request.user,
                fields=form.project_fields(),
                strategic_aims=data["strategic_aims"],
                domains=data["domains"],
                tags=data.get("tags_text", ""),
                lead=data["lead"],
                members=data["members_text"],
                sponsor=data.get("sponsor"),
                coach=data.get("coach"),
                origin=data.get("origin", ""),
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"'{project.title}' is registered. Next, build its driver diagram."
            )
            return redirect(project)
    return render(
        request,
        "projects/register.html",
        {
            "form": form,
            "has_staff_record": staff_member_of(request.user) is not None,
            "crumbs": crumbs(),
        },
    )


def edit_project(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    post = request.method == "POST"
    form = ProjectForm(request.POST if post else None, instance=project)
    if post and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_project(
                project=project,
                fields=form.project_fields(),
                strategic_aims=data["strategic_aims"],
                domains=data["domains"],
                tags=data.get("tags_text", ""),
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Project details saved.")
            return redirect(project)
    return render(
        request,
        "projects/edit.html",
        {"form": form, "project": project, "crumbs": project_crumbs(project)},
    )
