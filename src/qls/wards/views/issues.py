"""Sorting issues (category, duplicates) and following them up: action, project, escalation."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.core.pagination import paginate
from qls.wards import permissions as perms
from qls.wards.access import (
    get_action_to_update,
    get_issue,
    require,
)
from qls.wards.actions import escalations, fixes, sorting
from qls.wards.errors import WardsError
from qls.wards.forms.follow_up import ActionStatusForm, ResponseForm
from qls.wards.forms.sorting import CategoriseForm, DuplicateForm
from qls.wards.models import Action, Escalation, Issue
from qls.wards.views._common import crumbs


def _back_to_event(issue: Issue) -> HttpResponse:
    return redirect(reverse("wards:event", args=[issue.event_id]) + f"#issue-{issue.pk}")


@require_POST
def categorise(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue(request.user, pk)
    form = CategoriseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose fix, improve or change.")
        return _back_to_event(issue)
    try:
        sorting.categorise_issue(issue=issue, category=form.cleaned_data["category"])
    except WardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Issue {issue.pk} sorted as {issue.get_category_display().lower()}."
        )
    return _back_to_event(issue)


@require_POST
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue(request.user, pk)
    form = DuplicateForm(request.POST)
    target = None
    if form.is_valid() and form.cleaned_data["of"]:
        target = Issue.objects.filter(pk=form.cleaned_data["of"]).first()
        if target is None:
            messages.error(request, f"There is no issue {form.cleaned_data['of']}.")
            return _back_to_event(issue)
    try:
        sorting.mark_duplicate(issue=issue, of=target)
    except WardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Issue {issue.pk} grouped under issue {target.pk}."
            if target
            else f"Issue {issue.pk} is no longer grouped.",
        )
    return _back_to_event(issue)


def action_list(request: HttpRequest) -> HttpResponse:
    """Fixes: open ones first, overdue flagged. ``?mine=1`` shows the ones I own."""
    require(request.user, perms.VIEW)
    rows = Action.objects.select_related(
        "owner", "issue__event__journey__ward__site", "audit_answer__audit__ward__site"
    )
    member = getattr(request.user, "staff_member", None)
    mine = request.GET.get("mine") == "1" and member is not None
    if mine:
        rows = rows.filter(owner=member)
    status = request.GET.get("status", "open")
    if status == "open":
        rows = rows.exclude(status=Action.Status.DONE)
    elif status == "done":
        rows = rows.filter(status=Action.Status.DONE)
    paging = paginate(request, rows.order_by("status", "due", "pk"), 50)
    return render(
        request,
        "wards/actions.html",
        {
            **paging,
            "mine": mine,
            "status": status,
            "has_member": member is not None,
            "crumbs": crumbs(),
        },
    )


@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_to_update(request.user, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        fixes.update_action(action=action, status=form.cleaned_data["status"])
        messages.success(request, f"Action marked {action.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose open, in progress or done.")
    back = request.POST.get("next", "")
    if back.startswith("/wards/") and not back.startswith("//"):
        return redirect(back)
    return redirect("wards:actions")


def we_said_we_did(request: HttpRequest) -> HttpResponse:
    """Changes escalated beyond the ward, and what the division or trust did about them."""
    require(request.user, perms.VIEW)
    rows = Escalation.objects.select_related("owner", "issue__event__journey__ward__site").order_by(
        F("responded_at").desc(nulls_last=True), "-created_at"
    )
    answered = request.GET.get("show") != "waiting"
    if not answered:
        rows = rows.filter(responded_at__isnull=True)
    paging = paginate(request, rows, 50)
    return render(
        request,
        "wards/we_said_we_did.html",
        {
            **paging,
            "waiting_only": not answered,
            "can_respond": request.user.has_perm(perms.RUN_EVENTS),
            "crumbs": crumbs(),
        },
    )


def respond(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, perms.RUN_EVENTS)
    escalation = get_object_or_404(
        Escalation.objects.select_related("issue__event__journey__ward", "owner"), pk=pk
    )
    form = ResponseForm(request.POST or None, initial={"response": escalation.response})
    if request.method == "POST" and form.is_valid():
        try:
            escalations.respond_to_escalation(
                escalation=escalation, response=form.cleaned_data["response"]
            )
        except WardsError as error:
            form.add_error("response", error.message)
        else:
            messages.success(request, "Response recorded.")
            return redirect("wards:we_said_we_did")
    return render(
        request,
        "wards/respond.html",
        {
            "escalation": escalation,
            "form": form,
            "crumbs": crumbs(("We said, we did", reverse("wards:we_said_we_did"))),
        },
    )
