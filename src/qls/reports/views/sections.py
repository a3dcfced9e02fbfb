"""Changing a report's definition: the report itself, and editing, moving, deleting sections.

Editions are never touched: each copied its sections' names and data when it
was opened. Every change is saved through the models, so the audit history
keeps it.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qls.reports import actions
from qls.reports.access import get_report
from qls.reports.errors import ReportError
from qls.reports.forms import ReportForm, SectionEditForm, SectionMetricFormSet
from qls.reports.models import Report, Section, SectionMetric
from qls.reports.views.reports import crumbs


def _get_section(request: HttpRequest, slug: str, pk: int) -> tuple[Report, Section]:
    report = get_report(request.user, slug, manage=True)
    section = get_object_or_404(
        Section.objects.select_related("domain", "aim").prefetch_related(
            Prefetch(
                "metrics",
                queryset=SectionMetric.objects.select_related(
                    "metric", "site", "ward__site", "owner"
                ),
            )
        ),
        pk=pk,
        report=report,
    )
    return report, section


def report_edit(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_report(request.user, slug, manage=True)
    form = ReportForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{found.name} saved.")
        return redirect(found)
    return render(
        request,
        "reports/report_form.html",
        {
            "form": form,
            "report": found,
            "crumbs": crumbs((found.name, found.get_absolute_url())),
        },
    )


def section_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report, section = _get_section(request, slug, pk)
    data = request.POST or None
    form = SectionEditForm(data, section=section)
    rows = SectionMetricFormSet(data, queryset=section.metrics.all(), prefix="rows")
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        cleaned = form.cleaned_data
        changes = [
            actions.RowChange(
                row=row.instance,
                level=row.cleaned_data["level"],
                site=row.cleaned_data.get("site"),
                ward=row.cleaned_data.get("ward"),
                owner=row.cleaned_data["owner"],
                remove=row.cleaned_data.get("remove", False),
            )
            for row in rows.forms
        ]
        try:
            actions.update_section(
                section=section,
                kind=cleaned["kind"],
                domain=cleaned.get("domain"),
                cqc_question=cleaned.get("cqc_question", ""),
                aim=cleaned.get("aim"),
                rows=changes,
                add=list(cleaned.get("metrics") or []),
                owner=cleaned.get("owner"),
                level=cleaned["level"],
                site=cleaned.get("site"),
                ward=cleaned.get("ward"),
            )
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f'Section "{section.title}" saved.')
            return redirect(report.get_absolute_url() + f"#section-{section.pk}")
    row_errors = [
        (row, field, error) for row in rows.forms for field in row for error in field.errors
    ]
    return render(
        request,
        "reports/section_edit.html",
        {
            "form": form,
            "rows": rows,
            "row_errors": row_errors,
            "report": report,
            "section": section,
            "crumbs": crumbs((report.name, report.get_absolute_url())),
        },
    )


@require_POST
def section_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report, section = _get_section(request, slug, pk)
    up = request.POST.get("direction") == "up"
    if actions.move_section(section=section, up=up):
        messages.success(request, f'Section "{section.title}" moved {"up" if up else "down"}.')
    else:
        messages.error(
            request, f'Section "{section.title}" is already {"first" if up else "last"}.'
        )
    return redirect(report.get_absolute_url() + f"#section-{section.pk}")


@require_POST
def section_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report, section = _get_section(request, slug, pk)
    title = actions.delete_section(section=section)
    messages.success(
        request, f'Section "{title}" deleted. Editions already opened keep it as they were.'
    )
    return redirect(report)
