"""Training reports (/learning/reports/) and their CSV/XLSX downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.capability import access
from qls.capability.models import Course, TrainingTarget
from qls.capability.permissions import MANAGE_TRAINING, VIEW_TRAINING_REPORTS
from qls.capability.training import charts as training_charts
from qls.capability.training import efficacy as efficacy_report
from qls.capability.training import reports, targets
from qls.capability.training.forms import ReportFilterForm, TrainingTargetForm
from qls.capability.views._common import crumbs
from qls.core.exports import FORMATS, table_response

TABLES = {
    "trained": "Staff trained",
    "trained-by-course": "Staff trained by course",
    "trained-by-site": "Staff trained by site",
    "trained-by-staff-group": "Staff trained by staff group",
    "workforce-site": "Workforce trained by site",
    "workforce-staff-group": "Workforce trained by staff group",
    "completion": "Practitioner completion by cohort",
    "self-efficacy": "Self-efficacy change",
}


def _filters(request: HttpRequest) -> tuple[ReportFilterForm, reports.Filters, dict[str, Any]]:
    form = ReportFilterForm(request.GET or None)
    d: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    site = d.get("site")
    filters = reports.Filters(
        course=d.get("course"),
        site_id=site.pk if site else None,
        staff_group=d.get("staff_group") or "",
        start=d.get("start"),
        end=d.get("end"),
    )
    period = d.get("period") or "month"
    override = d.get("target")
    steps: list[targets.Step] = []
    if override is not None:
        # A target typed into the filter applies to every period shown.
        steps = [(dt.date(1, 1, 1), override / targets.MONTHS[period])]
    elif not (filters.site_id or filters.staff_group):
        # A site or staff-group view gets no trajectory: the trust's targets are for everyone.
        kinds = [filters.course.kind] if filters.course else [k.value for k in Course.Kind]
        steps = targets.steps_for(kinds)
    now = targets.per_period(steps, timezone.localdate().replace(day=1), period)
    return (
        form,
        filters,
        {
            "period": period,
            "steps": steps,
            "target": now,
            "override": override is not None,
            "by": d.get("by") or "course",
        },
    )


def _table(name: str, filters: reports.Filters, opts: dict[str, Any]) -> tuple[list, list]:
    period = opts["period"]
    if name == "trained":
        rows = targets.trajectory(
            reports.trained_per_period(filters, period), opts["steps"], period
        )
        return (
            ["Period starting", "Trained", "Cumulative", "Target trajectory"],
            [[reports.period_label(d, period), n, t, g] for d, n, t, g in rows],
        )
    if name.startswith("trained-by-"):
        breakdown = name.removeprefix("trained-by-").replace("-", "_")
        return (
            ["Period", reports.BREAKDOWNS[breakdown], "Trained"],
            reports.trained_by(filters, breakdown, period),
        )
    if name.startswith("workforce-"):
        by = name.removeprefix("workforce-").replace("-", "_")
        return (
            [reports.BREAKDOWNS[by], "Staff", "Trained", "% trained"],
            reports.workforce_coverage(filters, by),
        )
    if name == "completion":
        return (
            ["Cohort", "Start", "Took up a place", "Completed", "% completed"],
            reports.completion_rates(filters.course),
        )
    if name == "self-efficacy":
        return (
            efficacy_report.EFFICACY_HEADERS,
            [r.as_list() for r in efficacy_report.self_efficacy(filters, opts["by"])],
        )
    raise Http404("No such report table")


def report_index(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW_TRAINING_REPORTS)
    form, filters, opts = _filters(request)
    period, target = opts["period"], opts["target"]
    series = reports.trained_per_period(filters, period)
    what = f"{filters.course.name} completions" if filters.course else "Staff trained"
    cumulative = targets.trajectory(series, opts["steps"], period)
    efficacy = efficacy_report.self_efficacy(filters, opts["by"])
    overall = efficacy_report.self_efficacy(filters, "all")
    completion = reports.completion_rates(filters.course)
    query = request.GET.urlencode()
    charts = [
        c
        for c in (
            training_charts.trained_spc(series, period=period, target=target, what=what),
            training_charts.trajectory(cumulative, period=period, target=target),
        )
        if c
    ]
    return render(
        request,
        "capability/reports.html",
        {
            "form": form,
            "charts": charts,
            "total": cumulative[-1][2] if cumulative else 0,
            "target": target,
            "period": period,
            "trajectory_from": opts["steps"][0][0]
            if opts["steps"] and not opts["override"]
            else None,
            "stored_targets": TrainingTarget.objects.all(),
            "can_set_targets": request.user.has_perm(MANAGE_TRAINING),
            "by_course": reports.trained_by(filters, "course", "year"),
            "workforce_site": reports.workforce_coverage(filters, "site"),
            "workforce_group": reports.workforce_coverage(filters, "staff_group"),
            "completion": completion,
            "completion_chart": training_charts.completion_p_chart(completion),
            "efficacy": efficacy,
            "efficacy_overall": overall[0] if overall else None,
            "efficacy_chart": training_charts.efficacy_chart(
                efficacy, reports.GROUPINGS.get(opts["by"], "Group")
            ),
            "by_label": reports.GROUPINGS.get(opts["by"], "Group"),
            "efficacy_headers": efficacy_report.EFFICACY_HEADERS,
            "downloads": [
                (label, reverse("capability:report_download", args=[name, fmt]) + f"?{query}", fmt)
                for name, label in TABLES.items()
                for fmt in FORMATS
            ],
            "pipeline_url": reverse("capability:pipeline"),
            "crumbs": crumbs(),
        },
    )


def report_download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    access.require(request.user, VIEW_TRAINING_REPORTS)
    if name not in TABLES or fmt not in FORMATS:
        raise Http404("No such download")
    _form, filters, opts = _filters(request)
    headers, rows = _table(name, filters, opts)
    return table_response(TABLES[name], headers, rows, fmt)


def report_targets(request: HttpRequest) -> HttpResponse:
    """The trust's training targets, each from a month on: list, add, remove."""
    access.require(request.user, MANAGE_TRAINING)
    form = TrainingTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.save(commit=False)
        target.created_by = request.user
        target.save()
        messages.success(request, f"Target added: {target}.")
        return redirect("capability:report_targets")
    return render(
        request,
        "capability/report_targets.html",
        {
            "form": form,
            "stored": TrainingTarget.objects.all(),
            "defaults": [
                (kind.label, targets.default_steps(kind.value))
                for kind in Course.Kind
                if not TrainingTarget.objects.filter(course_kind=kind.value).exists()
            ],
            "workforce": targets.workforce(),
            "crumbs": crumbs(("Reports", reverse("capability:reports"))),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def report_target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    access.require(request.user, MANAGE_TRAINING)
    target = get_object_or_404(TrainingTarget, pk=pk)
    target._change_reason = "Removed on the training targets page"  # type: ignore[attr-defined]
    target.delete()
    messages.success(request, f"Target removed: {target}.")
    return redirect("capability:report_targets")
