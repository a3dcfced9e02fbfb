"""PDSA cycles under a change idea: plan, do, study (beside the measure charts), act."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.projects import actions
from qls.projects.access import can_edit, get_editable_project, get_project
from qls.projects.errors import ProjectError
from qls.projects.forms.cycle import CycleForm
from qls.projects.models import DriverNode, PDSACycle, Project
from qls.projects.views._common import measure_cards, project_crumbs


def _idea(project: Project, node_pk: int) -> DriverNode:
    return get_object_or_404(
        DriverNode, pk=node_pk, project=project, kind=DriverNode.Kind.CHANGE_IDEA
    )


def _cycle(project: Project, cycle_pk: int) -> PDSACycle:
    return get_object_or_404(
        PDSACycle.objects.select_related("change_idea", "previous", "created_by"),
        pk=cycle_pk,
        change_idea__project=project,
    )


def change_idea(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    project = get_project(request, pk)
    idea = _idea(project, node_pk)
    cycles = list(idea.cycles.select_related("previous").order_by("number"))
    return render(
        request,
        "projects/change_idea.html",
        {
            "project": project,
            "idea": idea,
            "cycles": cycles,
            "can_edit": can_edit(request.user, project),
            "crumbs": project_crumbs(project),
        },
    )


def _save(
    request: HttpRequest, project: Project, idea: DriverNode, cycle: PDSACycle | None
) -> HttpResponse:
    post = request.method == "POST"
    initial = {}
    if cycle is None and request.GET.get("after"):
        previous = idea.cycles.filter(pk=request.GET["after"]).first()
        if previous is not None:
            initial = {
                "previous": previous.pk,
                "plan_who": previous.plan_who,
                "plan_where": previous.plan_where,
            }
    form = CycleForm(
        request.POST if post else None, instance=cycle, initial=initial, change_idea=idea
    )
    if post and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = actions.save_cycle(
                change_idea=idea, fields=fields, by=request.user, cycle=cycle
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"PDSA cycle {saved.number} saved.")
            return redirect("projects:cycle", project.pk, saved.pk)
    return render(
        request,
        "projects/cycle_form.html",
        {
            "project": project,
            "idea": idea,
            "cycle": cycle,
            "form": form,
            "crumbs": project_crumbs(
                project, (idea.text, reverse("projects:change_idea", args=[project.pk, idea.pk]))
            ),
        },
    )


def new_cycle(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    return _save(request, project, _idea(project, node_pk), None)


def edit_cycle(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    cycle = _cycle(project, cycle_pk)
    return _save(request, project, cycle.change_idea, cycle)


def cycle_detail(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    project = get_project(request, pk)
    cycle = _cycle(project, cycle_pk)
    ramp = list(cycle.change_idea.cycles.order_by("number"))
    return render(
        request,
        "projects/cycle.html",
        {
            "project": project,
            "cycle": cycle,
            "idea": cycle.change_idea,
            "next_cycles": cycle.next_cycles.order_by("number"),
            "ramp": ramp,
            "measures": measure_cards(project),
            "can_edit": can_edit(request.user, project),
            "crumbs": project_crumbs(
                project,
                (
                    cycle.change_idea.text,
                    reverse("projects:change_idea", args=[project.pk, cycle.change_idea_id]),
                ),
            ),
        },
    )


def delete_cycle(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    cycle = _cycle(project, cycle_pk)
    idea = cycle.change_idea
    idea_url = reverse("projects:change_idea", args=[project.pk, idea.pk])
    if request.method != "POST":
        explanation = [
            (
                "The plan, what happened, the study and the decision are deleted. "
                "The change of record stays in the audit history."
            )
        ]
        followers = list(cycle.next_cycles.order_by("number"))
        if followers:
            names = ", ".join(f"cycle {c.number}" for c in followers)
            before = f"cycle {cycle.previous.number}" if cycle.previous else "nothing"
            explanation.append(f"In the ramp, {names} will follow {before} instead.")
        if cycle.adopted:
            explanation.append(
                "This cycle adopted the change, so evidence of improvement that rests on "
                "the adoption is worked out again."
            )
        return render(
            request,
            "projects/confirm_delete.html",
            {
                "project": project,
                "heading": f"Delete PDSA cycle {cycle.number}?",
                "explanation": explanation,
                "cancel_url": reverse("projects:cycle", args=[project.pk, cycle.pk]),
                "crumbs": project_crumbs(project, (idea.text, idea_url)),
            },
        )
    number = cycle.number
    actions.delete_cycle(cycle=cycle)
    messages.success(request, f"PDSA cycle {number} deleted.")
    return redirect(idea_url)
