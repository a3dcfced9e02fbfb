"""The project page."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.core import panels
from qls.projects import scores
from qls.projects.access import (
    can_confirm_score,
    can_decide,
    can_edit,
    can_reopen,
    can_withdraw,
    get_project,
    who_decides,
)
from qls.projects.forms.stage import StageDecisionForm, StageRequestForm
from qls.projects.forms.team import MemberForm
from qls.projects.models import (
    Evaluation,
    PDSACycle,
    Project,
    ProjectMember,
    StageChange,
)
from qls.projects.views._common import crumbs, measure_cards
from qls.projects.views.driver import driver_context


def _project_queryset():
    return Project.objects.select_related(
        "site", "ward", "specialty", "programme", "created_by"
    ).prefetch_related(
        "strategic_aims",
        "domains",
        "tags",
        Prefetch("members", queryset=ProjectMember.objects.select_related("staff", "staff__site")),
    )


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
