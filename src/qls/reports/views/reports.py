"""The reports index, a report's definition page, and defining a report."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.core.breadcrumbs import trail
from qls.reports import actions, workflow
from qls.reports import permissions as perms
from qls.reports.access import get_report, require, staff_id
from qls.reports.errors import ReportError
from qls.reports.forms import EditionForm, ReportForm, SectionForm
from qls.reports.models import Edition, EditionStatus, Report, SectionMetric


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return trail("Board reports", "reports:index", *extra)


def visible_editions(user):
    """Published editions, and the drafts this person works on."""
    editions = Edition.objects.select_related("report")
    if user.has_perm(perms.MANAGE):
        return editions
    me = staff_id(user)
    mine = Q(status=EditionStatus.PUBLISHED)
    if me is not None:
        mine |= Q(report__executive_lead_id=me) | Q(items__owner_id=me)
    return editions.filter(mine).distinct()


def index(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    editions = list(visible_editions(request.user).order_by("report__name", "-period", "-version"))
    reports = list(Report.objects.select_related("executive_lead"))
    by_report: dict[int, list[Edition]] = {}
    for edition in editions:
        by_report.setdefault(edition.report_id, []).append(edition)
    rows = [(report, by_report.get(report.pk, [])[:3]) for report in reports]
    drafts = [e for e in editions if not e.is_published]
    return render(
        request,
        "reports/index.html",
        {
            "rows": rows,
            "drafts": drafts,
            "crumbs": crumbs()[:1],
            "can_manage": request.user.has_perm(perms.MANAGE),
        },
    )


def report(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_report(request.user, slug)
    sections = found.sections.select_related("domain", "aim").prefetch_related(
        Prefetch(
            "metrics",
            queryset=SectionMetric.objects.select_related("metric", "site", "ward", "owner"),
        )
    )
    editions = visible_editions(request.user).filter(report=found).order_by("-period", "-version")
    return render(
        request,
        "reports/report.html",
        {
            "report": found,
            "sections": sections,
            "editions": editions,
            "can_manage": request.user.has_perm(perms.MANAGE),
            "crumbs": crumbs(),
        },
    )


def report_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.MANAGE)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = form.save(commit=False)
        created.created_by = request.user
        created.save()
        messages.success(request, f"{created.name} created. Now add its sections.")
        return redirect("reports:section_new", created.slug)
    return render(request, "reports/report_form.html", {"form": form, "crumbs": crumbs()})


def section_new(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_report(request.user, slug, manage=True)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section = actions.add_section(report=found, **data)
        except ReportError as error:
            form.add_error("metrics", str(error))
        else:
            messages.success(
                request,
                f'Section "{section.title}" added with {len(data["metrics"])} metric'
                f"{'s'[: len(data['metrics']) != 1]}.",
            )
            return redirect(found)
    return render(
        request,
        "reports/section_form.html",
        {"form": form, "report": found, "crumbs": crumbs((found.name, found.get_absolute_url()))},
    )


def edition_new(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_report(request.user, slug, manage=True)
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = workflow.open_edition(
                report=found,
                period=form.cleaned_data["period"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ReportError as error:
            form.add_error("period", str(error))
        else:
            messages.success(request, f"Draft opened for {edition.period:%B %Y}; owners emailed.")
            return redirect(edition)
    return render(
        request,
        "reports/edition_form.html",
        {"form": form, "report": found, "crumbs": crumbs((found.name, found.get_absolute_url()))},
    )
