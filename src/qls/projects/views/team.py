"""A project's team: adding and removing members."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.projects import actions
from qls.projects.access import get_editable_project
from qls.projects.errors import ProjectError
from qls.projects.forms.team import MemberForm
from qls.projects.models import ProjectMember
from qls.projects.views._common import project_crumbs


def team(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a person to the team (the page works without the project page's inline form)."""
    project = get_editable_project(request, pk)
    post = request.method == "POST"
    form = MemberForm(request.POST if post else None, user=request.user)
    if post and form.is_valid():
        try:
            member = actions.add_member(
                project=project,
                staff=form.cleaned_data["staff"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ProjectError as error:
            form.add_error("staff", str(error))
        else:
            messages.success(
                request,
                f"{member.staff.full_name} added to the team as {member.get_role_display().lower()}.",
            )
            return redirect(reverse("projects:project", args=[project.pk]) + "#team")
    return render(
        request,
        "projects/team.html",
        {
            "project": project,
            "form": form,
            "members": project.members.select_related("staff", "staff__site"),
            "crumbs": project_crumbs(project),
        },
    )


@require_POST
def remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    membership = get_object_or_404(ProjectMember, pk=member_pk, project=project)
    try:
        actions.remove_member(membership=membership)
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.staff.full_name} removed from the team.")
    return redirect(reverse("projects:project", args=[project.pk]) + "#team")
