"""The diagnostic pack of a ward (page and PDF) and the staff survey import."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qls.measurement.charts.series import icons
from qls.measurement.sharing import visibility
from qls.wards import diagnostic
from qls.wards import permissions as perms
from qls.wards.access import get_journey, require
from qls.wards.errors import SurveyImportError
from qls.wards.forms.survey import SurveyImportForm
from qls.wards.models import SurveyImport
from qls.wards.survey_import import start_survey_import
from qls.wards.views._common import crumbs


def _cards(pack):
    return [
        {
            "series": s,
            "chart": c,
            **icons(s, 40),
        }
        for s, c in zip(pack.series, pack.charts, strict=True)
    ]


def pack(request: HttpRequest, pk: int) -> HttpResponse:
    journey = get_journey(request.user, pk)
    built = diagnostic.build(journey.ward, seen=visibility(request.user))
    return render(
        request,
        "wards/diagnostic.html",
        {
            "journey": journey,
            "pack": built,
            "cards": _cards(built),
            "crumbs": crumbs((journey.ward.name, journey.get_absolute_url())),
        },
    )


def pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    journey = get_journey(request.user, pk)
    built = diagnostic.build(journey.ward, seen=visibility(request.user))
    drawn = {id(c): svg for c, svg in diagnostic.pdf_charts(built)}
    html = render_to_string(
        "wards/diagnostic_pdf.html",
        {
            "journey": journey,
            "pack": built,
            "cards": [dict(card, svg=drawn[id(card["chart"])]) for card in _cards(built)],
            "survey_svg": drawn.get(id(built.survey_chart)) if built.survey_chart else "",
            "printed": timezone.localtime(),
        },
        request=request,
    )
    pdf = diagnostic.render_pdf(html, request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"diagnostic-{journey.ward.code}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def survey_import(request: HttpRequest) -> HttpResponse:
    """The upload form; a stored upload goes to its job's progress page."""
    require(request.user, perms.IMPORT_SURVEY)
    context: dict = {"crumbs": crumbs()}
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_survey_import(upload, filename=upload.name, by=request.user)
            return redirect(job)
        except SurveyImportError as error:
            context.update(refused=error, filename=Path(upload.name).name)
    context["form"] = form
    context["recent"] = SurveyImport.objects.select_related("imported_by")[:5]
    context["example_url"] = reverse("wards:survey_import")
    return render(request, "wards/survey_import.html", context)


def survey_import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One survey import's progress and outcome; htmx polls the partial until it ends."""
    require(request.user, perms.IMPORT_SURVEY)
    job = get_object_or_404(SurveyImport.objects.select_related("imported_by"), pk=pk)
    context = {
        "job": job,
        "poll_url": job.get_absolute_url(),
        "again_url": reverse("wards:survey_import"),
        "outcome_template": "wards/_survey_import_outcome.html",
        "crumbs": crumbs(),
    }
    if request.htmx:
        return render(request, "core/_job_progress.htmx.html", context)
    return render(request, "wards/survey_import_run.html", context)
