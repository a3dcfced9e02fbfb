"""The project page, its team, its stage (requests, approvals, closure), and personal lists."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qls.core import panels
from qls.projects import actions, scores
from qls.projects.access import (
    can_confirm_score,
    can_decide,
    can_edit,
    can_reopen,
    can_withdraw,
    get_editable_project,
    get_project,
    has_coach,
    staff_member_of,
    who_decides,
)
from qls.projects.diagram import change_ideas, driver_diagram_svg, driver_tree
from qls.projects.errors import ProjectError
from qls.projects.forms.driver import AddNodeForm
from qls.projects.forms.stage import CloseForm, ReopenForm, StageDecisionForm, StageRequestForm
from qls.projects.forms.team import MemberForm
from qls.projects.models import (
    Evaluation,
    PDSACycle,
    Project,
    ProjectMember,
    StageChange,
)
from qls.projects.services.lists import my_projects, pending_approvals
from qls.projects.views._common import crumbs, measure_cards, project_crumbs


def _project_queryset():
    return Project.objects.select_related(
        "site", "ward", "specialty", "programme", "created_by"
    ).prefetch_related(
        "strategic_aims",
        "domains",
        "tags",
        Prefetch("members", queryset=ProjectMember.objects.select_related("staff", "staff__site")),
    )


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


def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, _project_queryset())
    user = request.user
    editable = can_edit(user, project)
    measures = measure_cards(project)
    cycles = (
        PDSACycle.objects.filter(change_idea__project=project)
        .select_related("change_idea", "previous")
        .order_by("change_idea__position", "change_idea_id", "number")
    )
    pending = (
        project.stage_changes.filter(status=StageChange.Status.REQUESTED)
        .select_related("by")
        .first()
    )
    approver = pending is not None and can_decide(user, pending)
    withdrawer = pending is not None and can_withdraw(user, pending)
    evaluation = Evaluation.objects.filter(project=project).select_related("completed_by").first()
    members = list(project.members.all())
    context = {
        "project": project,
        "members": members,
        "leads": [m for m in members if m.role == ProjectMember.Role.LEAD],
        "can_edit": editable,
        "can_approve": approver,
        "can_withdraw": withdrawer,
        "who_decides": who_decides(pending) if pending else "",
        "can_reopen": can_reopen(user, project),
        "has_coach": any(m.role == ProjectMember.Role.COACH for m in members),
        "stage_history": project.stage_changes.select_related("by", "approved_by").order_by(
            "at", "pk"
        ),
        "pending": pending,
        "stage_form": StageRequestForm(project=project)
        if editable and not project.is_closed
        else None,
        "decision_form": StageDecisionForm() if pending and approver else None,
        "cycles": cycles,
        "measures": measures,
        "evidence_found": [e for _v, e in measures if e and e.found],
        "evaluation": evaluation,
        "score_suggestion": scores.suggest_score(project),
        "score_history": list(scores.score_history(project)),
        "can_confirm_score": can_confirm_score(user, project),
        "member_form": MemberForm(user=user) if editable else None,
        "crumbs": crumbs(),
        "panels": panels.for_page("projects.project", project, user),
        **driver_context(project, user),
    }
    context["score_current"] = context["score_history"][0] if context["score_history"] else None
    return render(request, "projects/project.html", context)


# ---------------------------------------------------------------- team


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


# ---------------------------------------------------------------- stages


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


# ---------------------------------------------------------------- personal lists


def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/mine.html",
        {
            "projects": my_projects(request.user),
            "has_staff_record": staff_member_of(request.user) is not None,
            "approvals": pending_approvals(request.user)[:5],
            "crumbs": crumbs(),
        },
    )


def approvals(request: HttpRequest) -> HttpResponse:
    """Stage changes waiting for the signed-in coach's decision."""
    return render(
        request,
        "projects/approvals.html",
        {
            "changes": pending_approvals(request.user),
            "decision_form": StageDecisionForm(),
            "crumbs": crumbs(),
        },
    )
