"""Shared learning: the list, sharing an item, and one item's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qls.system.access import require
from qls.system.learning import actions, queries
from qls.system.learning import permissions as perms
from qls.system.learning.forms import LearningForm
from qls.system.learning.views._common import T, system_crumbs
from qls.system.tenancy import organisation_of, sees_every_organisation


def learning_list(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW_LEARNING)
    items = queries.visible_learning(request.user).prefetch_related("recipients")
    return render(
        request,
        T + "learning_list.html",
        {
            "items": list(items.order_by("-shared_at", "title")),
            "every_organisation": sees_every_organisation(request.user),
            "organisation": organisation_of(request.user),
            "can_share": request.user.has_perm(perms.SHARE_LEARNING),
            "crumbs": system_crumbs(),
        },
    )


def learning_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW_LEARNING)
    require(request.user, perms.SHARE_LEARNING)
    form = LearningForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = actions.share_learning(
            title=data["title"],
            summary=data["summary"],
            source=data["source"],
            project=data.get("project"),
            risk=data.get("risk"),
            theme=data.get("theme") or "",
            recipients=data["recipients"],
            by=request.user,
        )
        messages.success(request, f"{item.title} shared.")
        return redirect(item)
    return render(
        request,
        T + "learning_form.html",
        {
            "form": form,
            "heading": "Share learning",
            "submit": "Share it",
            "crumbs": system_crumbs(("Shared learning", reverse("system:learning_list"))),
        },
    )


def learning(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.get_learning(request.user, pk)
    return render(
        request,
        T + "learning.html",
        {
            "item": item,
            "recipients": list(item.recipients.order_by("name")),
            "crumbs": system_crumbs(("Shared learning", reverse("system:learning_list"))),
        },
    )
