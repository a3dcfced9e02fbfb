"""We said, we did: recording an entry and editing it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.system.access import require
from qls.system.learning import actions, queries
from qls.system.learning import permissions as perms
from qls.system.learning.forms import EntryForm
from qls.system.learning.views._common import T, log_crumbs
from qls.system.tenancy import organisation_of


def _entry_form_page(request: HttpRequest, form: EntryForm, heading: str, entry=None):
    extra = [(str(entry), entry.get_absolute_url())] if entry else []
    return render(
        request,
        T + "entry_form.html",
        {
            "form": form,
            "heading": heading,
            "submit": "Save" if entry else "Record the entry",
            "crumbs": log_crumbs(*extra),
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


def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_entry(request.user, pk)
    form = EntryForm(request.POST or None, instance=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_entry(form=form, by=request.user)
        messages.success(request, f"{saved.title} saved.")
        return redirect(saved)
    return _entry_form_page(request, form, f"Edit {found.title}", found)
