"""Personal lists: my projects, and the stage changes waiting for my decision."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.projects.access import staff_member_of
from qls.projects.forms.stage import StageDecisionForm
from qls.projects.services.lists import my_projects, pending_approvals
from qls.projects.views._common import crumbs


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
