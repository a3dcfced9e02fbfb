"""Following an issue up: its page, and one address for each way forward (a fix's action,
a QI project, an escalation, or not taking it forward)."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qls.wards.access import can_sort_issues, can_update_action, get_issue
from qls.wards.actions import escalations, fixes, projects, sorting
from qls.wards.errors import WardsError
from qls.wards.forms.fields import ward_people
from qls.wards.forms.follow_up import ActionForm, EscalationForm, ProjectFromIssueForm
from qls.wards.models import Issue
from qls.wards.models.issues import Category
from qls.wards.views._common import crumbs

# Each form, and the field that picks one of the ward's people.
FORMS = {"action": (ActionForm, "owner"), "project": (ProjectFromIssueForm, "lead"),
         "escalation": (EscalationForm, "owner")}  # fmt: skip


def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue, what was done so far, and the forms matching its category."""
    return _page(request, get_issue(request.user, pk, sort=False))


def _page(request: HttpRequest, found: Issue, bound: Form | None = None) -> HttpResponse:
    """The follow-up page; ``bound`` is a form sent with errors, shown in place of its blank."""
    ward = found.event.journey.ward
    initial = {"action": {"description": found.text}, "project": {"title": found.text[:200]}}
    forms = {}
    for name, (form_class, field) in FORMS.items():
        form = bound if isinstance(bound, form_class) else form_class(initial=initial.get(name))
        form.fields[field].queryset = ward_people(ward)
        forms[f"{name}_form"] = form
    return render(
        request,
        "wards/issue.html",
        {
            "issue": found,
            "event": found.event,
            "actions": [
                (action, can_update_action(request.user, action))
                for action in found.actions.select_related("owner", "issue__event__journey__ward")
            ],
            "can_sort": can_sort_issues(request.user, found.event),
            "escalation": getattr(found, "escalation", None),
            **forms,
            "error_form": bound,
            "categories": Category,
            "crumbs": crumbs(
                (ward.name, found.event.journey.get_absolute_url()),
                (str(found.event), found.event.get_absolute_url()),
            ),
        },
    )


def _bound(request: HttpRequest, found: Issue, name: str) -> Form:
    form_class, field = FORMS[name]
    form = form_class(request.POST)
    form.fields[field].queryset = ward_people(found.event.journey.ward)
    return form


def _follow(request: HttpRequest, pk: int, name: str, run, done: str) -> HttpResponse:
    """Bind the form ``name``; when valid, ``run(issue, data)``; errors stay on the page."""
    found = get_issue(request.user, pk)
    form = _bound(request, found, name)
    if form.is_valid():
        try:
            message = run(found, form.cleaned_data) or done
        except WardsError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, message)
            return redirect("wards:issue", pk=found.pk)
    return _page(request, found, form)


@require_POST
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    def run(found: Issue, data: dict) -> None:
        fixes.create_action(
            issue=found, description=data["description"], owner=data["owner"], due=data["due"]
        )

    return _follow(request, pk, "action", run, "Action added.")


@require_POST
def start_project(request: HttpRequest, pk: int) -> HttpResponse:
    def run(found: Issue, data: dict) -> str:
        project = projects.start_project(
            issue=found, lead=data["lead"], aims=data["aims"], title=data["title"], by=request.user
        )
        return f"QI project '{project.title}' started from this issue."

    return _follow(request, pk, "project", run, "")


@require_POST
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    def run(found: Issue, data: dict) -> None:
        escalations.escalate(issue=found, level=data["level"], owner=data["owner"])

    return _follow(request, pk, "escalation", run, "Issue escalated.")


@require_POST
def not_taken_forward(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_issue(request.user, pk)
    try:
        sorting.set_issue_not_taken_forward(issue=found)
    except WardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Issue marked as not taken forward.")
    return redirect("wards:issue", pk=found.pk)
