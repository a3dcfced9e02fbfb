"""Uploading observation files and following the import job to its outcome."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.core.pagination import paginate
from qls.measurement.forms.imports import ImportForm
from qls.measurement.importing import FileProblem, stale, start_upload
from qls.measurement.models import Import
from qls.measurement.permissions import RUN_IMPORTS, VIEW_IMPORTS
from qls.measurement.sharing import visible_imports
from qls.measurement.views._crumbs import crumbs

PAGE_SIZE = 25


def get_import(pk: int, user: Any) -> Import:
    """The import, if it was made for the person's organisation (else 404)."""
    imports = visible_imports(user, Import.objects.select_related("metric", "created_by"))
    return get_object_or_404(imports, pk=pk)


@permission_required(VIEW_IMPORTS, raise_exception=True)
def import_list(request: HttpRequest) -> HttpResponse:
    imports = visible_imports(request.user, Import.objects.select_related("metric", "created_by"))
    paging = paginate(request, imports, PAGE_SIZE)
    context = {
        **paging,
        "can_import": request.user.has_perm(RUN_IMPORTS),
        "crumbs": crumbs(),
    }
    return render(request, "measurement/imports/list.html", context)


@permission_required(RUN_IMPORTS, raise_exception=True)
def import_new(request: HttpRequest) -> HttpResponse:
    post = request.method == "POST"
    initial = {}
    if request.GET.get("metric"):
        initial = {"kind": "record", "metric": request.GET["metric"]}
    form = ImportForm(
        request.POST if post else None, request.FILES if post else None, initial=initial
    )
    if post and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imp = start_upload(
                upload,
                file_name=upload.name,
                kind=form.cleaned_data["kind"],
                metric=form.cleaned_data.get("metric"),
                by=request.user,
            )
        except FileProblem as problem:
            form.add_error("file", problem.message)
        else:
            return redirect(imp.get_absolute_url())
    context = {
        "form": form,
        "crumbs": crumbs(("Imports", reverse("measurement:imports"))),
    }
    return render(request, "measurement/imports/new.html", context)


@permission_required(VIEW_IMPORTS, raise_exception=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    imp = get_import(pk, request.user)
    context = {
        "imp": imp,
        "stopped": stale.was_stopped(imp),
        "run_again_url": stale.run_again_url(imp),
        "crumbs": crumbs(("Imports", reverse("measurement:imports"))),
    }
    # htmx polls the progress partial every second until the job finishes.
    template = (
        "measurement/imports/_progress.htmx.html"
        if request.htmx
        else "measurement/imports/detail.html"
    )
    return render(request, template, context)
