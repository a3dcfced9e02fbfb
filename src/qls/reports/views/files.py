"""An edition's files: ask for a build, follow its progress, download it from storage.

Whoever may read the edition (``access.get_edition``) may download its files
and ask for a missing one to be built; a draft's files are hidden, as the
draft is, from everyone not working on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qls.reports import files, outputs
from qls.reports.access import get_edition
from qls.reports.models import Edition, EditionFile
from qls.reports.views.reports import crumbs


def _format(code: str) -> outputs.Format:
    try:
        return outputs.get_format(code)
    except outputs.UnknownFormat:
        raise Http404("No such format") from None


def _job(edition: Edition, code: str) -> EditionFile | None:
    return EditionFile.objects.filter(edition=edition, format=code).first()


def file(request: HttpRequest, pk: int, format_code: str) -> HttpResponse:
    """One file's state: build it, its progress (htmx polls the partial), or download it."""
    edition = get_edition(request.user, pk)
    fmt = _format(format_code)
    context = {
        "edition": edition,
        "fmt": fmt,
        "noun": files.NOUNS.get(fmt.code, fmt.label),
        "job": _job(edition, fmt.code),
        "filename": outputs.filename(edition, fmt.code),
        "crumbs": crumbs(
            (edition.report.name, edition.report.get_absolute_url()),
            (edition.period.strftime("%B %Y"), edition.get_absolute_url()),
        ),
    }
    if request.htmx:
        return render(request, "reports/_file_progress.htmx.html", context)
    return render(request, "reports/file.html", context)


@require_POST
def build(request: HttpRequest, pk: int, format_code: str) -> HttpResponse:
    edition = get_edition(request.user, pk)
    fmt = _format(format_code)
    job = files.request_build(edition=edition, code=fmt.code, by=request.user)
    return redirect(job)


def download(request: HttpRequest, pk: int, format_code: str) -> HttpResponse:
    """The stored file as it was built; never rebuilt here."""
    edition = get_edition(request.user, pk)
    fmt = _format(format_code)
    job = _job(edition, fmt.code)
    if job is None or not job.ready:
        messages.info(request, f"The {fmt.label} of this edition is not ready to download.")
        return redirect("reports:file", pk=edition.pk, format_code=fmt.code)
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=outputs.filename(edition, fmt.code),
        content_type=fmt.content_type,
    )
