"""The NQB seven steps: the system priorities, one priority's page and its progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qls.system.access import require
from qls.system.learning import actions, queries
from qls.system.learning import permissions as perms
from qls.system.learning.forms import ProgressForm
from qls.system.learning.views._common import T, priority_crumbs, system_crumbs


def priorities(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW_PRIORITIES)
    return render(
        request,
        T + "priorities.html",
        {
            "groups": queries.priorities_by_step(),
            "can_add": request.user.has_perm(perms.ADD_PRIORITY),
            "crumbs": system_crumbs(),
        },
    )


def priority(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_priority(request.user, pk)
    return _priority_page(request, found, ProgressForm(initial={"progress": found.progress}))


def _priority_page(request: HttpRequest, found, form: ProgressForm) -> HttpResponse:
    return render(
        request,
        T + "priority.html",
        {
            "priority": found,
            "notes": list(found.notes.select_related("by")),
            "form": form,
            "can_edit": request.user.has_perm(perms.EDIT_PRIORITY),
            "crumbs": priority_crumbs(),
        },
    )


@require_POST
def priority_progress(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_priority(request.user, pk)
    require(request.user, perms.EDIT_PRIORITY)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _priority_page(request, found, form)
    data = form.cleaned_data
    actions.record_progress(
        priority=found, progress=data["progress"], note=data["note"], on=data["on"],
        by=request.user,
    )  # fmt: skip
    messages.success(request, f"Progress of {found.title} recorded.")
    return redirect(found)
