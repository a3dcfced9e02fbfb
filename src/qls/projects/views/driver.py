"""Editing the driver diagram in the project page.

With JavaScript, htmx posts each change and swaps the driver section
(``_driver.htmx.html``) in place, so the drawing and the list update without
a page load. Without it, the same forms post normally and come back to the
project page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.projects import actions
from qls.projects.access import can_edit, get_editable_project
from qls.projects.diagram import change_ideas, driver_diagram_svg, driver_tree
from qls.projects.errors import ProjectError
from qls.projects.forms.driver import AddNodeForm, NodeForm
from qls.projects.models import DriverNode, Project
from qls.projects.views._common import is_htmx, project_crumbs

SECTION = "projects/_driver.htmx.html"


def driver_context(project: Project, user) -> dict:
    """What the driver diagram section needs (the full page and its htmx partial)."""
    tree = driver_tree(project)
    return {
        "tree": tree,
        "diagram_svg": driver_diagram_svg(project, tree),
        "ideas": change_ideas(tree),
        "add_primary_form": AddNodeForm(initial={"kind": "primary"}, auto_id="id_new_primary_%s"),
        "can_edit": can_edit(user, project),
    }


def _back(project: Project) -> HttpResponse:
    return redirect(reverse("projects:project", args=[project.pk]) + "#driver-diagram")


def _section(
    request: HttpRequest, project: Project, *, error: str = "", status: int = 200, **extra
) -> HttpResponse:
    context = {
        "project": project,
        "driver_error": error,
        **driver_context(project, request.user),
        **extra,
    }
    return render(request, SECTION, context, status=status)


def _done(request: HttpRequest, project: Project, message: str, error: str = "") -> HttpResponse:
    if is_htmx(request):
        # 200 with the message in the section: htmx only swaps successful responses.
        return _section(request, project, error=error, driver_message="" if error else message)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return _back(project)


def add_node(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    if request.method != "POST":
        return _back(project)
    form = AddNodeForm(request.POST)
    if not form.is_valid():
        error = "; ".join(e for errors in form.errors.values() for e in errors)
        return _done(request, project, "", error=error)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(DriverNode, pk=form.cleaned_data["parent"], project=project)
    try:
        node = actions.add_node(
            project=project,
            parent=parent,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
        )
    except ProjectError as error:
        return _done(request, project, "", error=str(error))
    return _done(request, project, f"Added {node.get_kind_display().lower()} '{node.text}'.")


def rename_node(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    node = get_object_or_404(DriverNode, pk=node_pk, project=project)
    post = request.method == "POST"
    form = NodeForm(
        request.POST if post else None,
        initial={"text": node.text},
        auto_id=f"id_rename_{node.pk}_%s",
    )
    if post:
        if form.is_valid():
            try:
                actions.rename_node(node=node, text=form.cleaned_data["text"])
            except ProjectError as error:
                return _done(request, project, "", error=str(error))
            return _done(request, project, f"Renamed to '{node.text}'.")
        if is_htmx(request):
            error = "; ".join(e for errors in form.errors.values() for e in errors)
            return _done(request, project, "", error=error)
    if is_htmx(request):
        return render(
            request,
            "projects/_node_rename.htmx.html",
            {"project": project, "node": node, "form": form},
        )
    return render(
        request,
        "projects/node_rename.html",
        {"project": project, "node": node, "form": form, "crumbs": project_crumbs(project)},
    )


def delete_node(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    node = get_object_or_404(DriverNode, pk=node_pk, project=project)
    if request.method != "POST":
        return render(
            request,
            "projects/confirm_delete.html",
            {
                "project": project,
                "heading": f"Delete “{node.text}”?",
                "explanation": [
                    (
                        f"This deletes the {node.get_kind_display().lower()} and everything under "
                        "it in the driver diagram. Ideas with PDSA cycles cannot be deleted."
                    )
                ],
                "cancel_url": project.get_absolute_url() + "#driver-diagram",
                "crumbs": project_crumbs(project),
            },
        )
    text = node.text
    try:
        actions.delete_node(node=node)
    except ProjectError as error:
        return _done(request, project, "", error=str(error))
    return _done(request, project, f"Deleted '{text}'.")


def driver_section(request: HttpRequest, pk: int) -> HttpResponse:
    """The driver section alone (htmx "cancel" of a rename brings it back)."""
    from qls.projects.access import get_project

    project = get_project(request, pk)
    if not is_htmx(request):
        return _back(project)
    return _section(request, project)
