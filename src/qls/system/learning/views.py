"""Pages of learning and co-production: thin, the rules are in queries and actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.core.breadcrumbs import home, trail
from qls.system.access import require
from qls.system.learning import actions, queries
from qls.system.learning import permissions as perms
from qls.system.learning.forms import EntryForm, LearningForm, PriorityForm, ProgressForm
from qls.system.learning.models import Ladder
from qls.system.tenancy import organisation_of, sees_every_organisation

T = "system/learning/"


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return trail("System", "system:index", *extra)


def _log_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs(("We said, we did", reverse("system:wesaid_published")), *extra)


# ------------------------------------------------------------ we said, we did


def published(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.READ_PUBLISHED)
    filters = queries.parse_log_filters(request.GET)
    return render(
        request,
        T + "published.html",
        {
            "entries": list(queries.published_log(filters)),
            "filters": filters,
            "partners": queries.log_partners(),
            "ladder": Ladder.choices,
            "years": queries.published_years(),
            "can_record": request.user.has_perm(perms.RECORD),
            "crumbs": home(),
        },
    )


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
            "crumbs": _log_crumbs(),
        },
    )


def _entry_form_page(request: HttpRequest, form: EntryForm, heading: str, entry=None):
    extra = [(str(entry), entry.get_absolute_url())] if entry else []
    return render(
        request,
        T + "entry_form.html",
        {
            "form": form,
            "heading": heading,
            "submit": "Save" if entry else "Record the entry",
            "crumbs": _log_crumbs(*extra),
        },
    )


def entry_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.RECORD)
    own = organisation_of(request.user)
    form = EntryForm(
        request.POST or None,
        user=request.user,
        initial={"organisation": own, "heard_by": [own] if own else []},
    )
    if request.method == "POST" and form.is_valid():
        entry = actions.save_entry(form=form, by=request.user)
        messages.success(request, f"{entry.title} recorded. It is not published yet.")
        return redirect(entry)
    return _entry_form_page(request, form, "Record what people told us")


def entry(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_entry(request.user, pk)
    return render(
        request,
        T + "entry.html",
        {
            "entry": found,
            "heard_by": list(found.heard_by.order_by("name")),
            "crumbs": _log_crumbs(("Our entries", reverse("system:wesaid_entries"))),
        },
    )


def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_entry(request.user, pk)
    form = EntryForm(request.POST or None, instance=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_entry(form=form, by=request.user)
        messages.success(request, f"{saved.title} saved.")
        return redirect(saved)
    return _entry_form_page(request, form, f"Edit {found.title}", found)


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


# ------------------------------------------------------------ shared learning


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
            "crumbs": _crumbs(),
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
            "crumbs": _crumbs(("Shared learning", reverse("system:learning_list"))),
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
            "crumbs": _crumbs(("Shared learning", reverse("system:learning_list"))),
        },
    )


# ------------------------------------------------------------ NQB seven steps


def _priority_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs(("System priorities", reverse("system:priorities")), *extra)


def priorities(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW_PRIORITIES)
    return render(
        request,
        T + "priorities.html",
        {
            "groups": queries.priorities_by_step(),
            "can_add": request.user.has_perm(perms.ADD_PRIORITY),
            "crumbs": _crumbs(),
        },
    )


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
            "crumbs": _priority_crumbs(),
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
            "crumbs": _priority_crumbs((str(found), found.get_absolute_url())),
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
            "crumbs": _priority_crumbs(),
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
