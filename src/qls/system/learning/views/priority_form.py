"""The NQB seven steps: adding a system priority and editing one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.system.access import require
from qls.system.learning import actions, queries
from qls.system.learning import permissions as perms
from qls.system.learning.forms import PriorityForm
from qls.system.learning.views._common import T, priority_crumbs


def priority_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW_PRIORITIES)
    require(request.user, perms.ADD_PRIORITY)
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_priority(form=form)
        messages.success(request, f"{saved.title} added under {saved.get_step_display()}.")
        return redirect(saved)
    return render(
        request,
        T + "priority_form.html",
        {
            "form": form,
            "heading": "Add a system priority",
            "submit": "Add the priority",
            "crumbs": priority_crumbs(),
        },
    )


def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_priority(request.user, pk)
    require(request.user, perms.EDIT_PRIORITY)
    form = PriorityForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_priority(form=form)
        messages.success(request, f"{saved.title} saved.")
        return redirect(saved)
    return render(
        request,
        T + "priority_form.html",
        {
            "form": form,
            "heading": f"Edit {found.title}",
            "submit": "Save",
            "crumbs": priority_crumbs((str(found), found.get_absolute_url())),
        },
    )
