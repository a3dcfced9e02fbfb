"""We said, we did: an organisation's entries, one entry's page, and publishing it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.system.access import require
from qls.system.learning import actions, queries
from qls.system.learning import permissions as perms
from qls.system.learning.views._common import T, log_crumbs
from qls.system.tenancy import organisation_of, sees_every_organisation


def entries(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.EDIT_ENTRY)
    return render(
        request,
        T + "entries.html",
        {
            "entries": list(queries.editable_entries(request.user).order_by("-heard_on", "title")),
            "every_organisation": sees_every_organisation(request.user),
            "organisation": organisation_of(request.user),
            "can_record": request.user.has_perm(perms.RECORD),
            "crumbs": log_crumbs(),
        },
    )


def entry(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_entry(request.user, pk)
    return render(
        request,
        T + "entry.html",
        {
            "entry": found,
            "heard_by": list(found.heard_by.order_by("name")),
            "crumbs": log_crumbs(("Our entries", reverse("system:wesaid_entries"))),
        },
    )


@require_POST
def entry_publish(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_entry(request.user, pk)
    publish = request.POST.get("publish") != "0"
    try:
        actions.publish_entry(entry=found, publish=publish)
    except actions.LearningError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"{found.title} is on the published log."
            if publish
            else f"{found.title} is off the published log.",
        )
    return redirect(found)
