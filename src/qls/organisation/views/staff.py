"""The staff directory and the staff import page."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.accounts.roles import IMPORT_STAFF, VIEW_DIRECTORY
from qls.core.pagination import paginate
from qls.organisation import services
from qls.organisation.errors import StaffImportError
from qls.organisation.forms import StaffImportForm, StaffSearchForm
from qls.organisation.models import StaffImport
from qls.organisation.staff_jobs import start_staff_import
from qls.organisation.views._crumbs import crumbs

PAGE_SIZE = 50


# People's names and work emails are for those given a role, unlike the
# structure pages; see the module docstring of views.structure.
@permission_required(VIEW_DIRECTORY, raise_exception=True)
def staff_directory(request: HttpRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = services.search_staff(
        text=filters.get("q", ""),
        site=filters.get("site"),
        ward=filters.get("ward"),
        staff_group=filters.get("staff_group", ""),
    )
    context = {
        "form": form,
        **paginate(request, people, PAGE_SIZE),
        "can_import": request.user.has_perm(IMPORT_STAFF),
        "crumbs": crumbs(),
    }
    # htmx swaps just the results as the filters change; same markup either way.
    template = (
        "organisation/_staff_results.htmx.html"
        if request.htmx and request.htmx.target == "staff-results"
        else "organisation/staff_directory.html"
    )
    return render(request, template, context)


@permission_required(VIEW_DIRECTORY, raise_exception=True)
def staff_suggestions(request: HttpRequest) -> HttpResponse:
    """``<option>``s for the list under a staff box (``StaffInput``), as it is typed in.

    The box sends its own value under its own name, so the first value given
    is the text, whatever the field is called.
    """
    text = request.GET.get("q") or next(iter(request.GET.values()), "")
    people = services.suggest_staff(text)
    return render(
        request,
        "organisation/_staff_suggestions.htmx.html",
        {"people": [(services.suggestion_text(p), p) for p in people]},
    )


@permission_required(IMPORT_STAFF, raise_exception=True)
def staff_import(request: HttpRequest) -> HttpResponse:
    """The upload form; a stored upload goes to its job's progress page."""
    context: dict = {"crumbs": crumbs(("Staff directory", reverse("organisation:staff")))}
    post = request.method == "POST"
    form = StaffImportForm(request.POST, request.FILES) if post else StaffImportForm()
    if post and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_staff_import(upload, filename=upload.name, by=request.user)
            return redirect(job)
        except StaffImportError as error:
            context.update(refused=error, filename=Path(upload.name).name)
    context["form"] = form
    context["recent"] = StaffImport.objects.select_related("imported_by")[:5]
    return render(request, "organisation/staff_import.html", context)


@permission_required(IMPORT_STAFF, raise_exception=True)
def staff_import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One staff import's progress and outcome; htmx polls the partial until it ends."""
    job = get_object_or_404(StaffImport.objects.select_related("imported_by"), pk=pk)
    context = {
        "job": job,
        "poll_url": job.get_absolute_url(),
        "again_url": reverse("organisation:staff_import"),
        "outcome_template": "organisation/_staff_import_outcome.html",
        "crumbs": crumbs(
            ("Staff directory", reverse("organisation:staff")),
            ("Import staff", reverse("organisation:staff_import")),
        ),
    }
    if request.htmx:
        return render(request, "core/_job_progress.htmx.html", context)
    return render(request, "organisation/staff_import_run.html", context)
