"""Metric definitions: the list, one metric's page, and the analysts' form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.core.pagination import paginate
from qls.measurement import actions, rebasing
from qls.measurement.forms.metrics import MetricForm, MetricSearchForm
from qls.measurement.forms.rebases import RebasePointForm
from qls.measurement.forms.trajectory import TrajectoryStepForm
from qls.measurement.models import Import, Metric, MetricTrajectory, RebasePoint
from qls.measurement.permissions import MANAGE_METRICS, VIEW_DATA, VIEW_IMPORTS
from qls.measurement.sharing import visible_imports, visible_series
from qls.measurement.views._crumbs import crumbs

PAGE_SIZE = 50


def get_metric(code: str) -> Metric:
    return get_object_or_404(
        Metric.objects.select_related("dataset", "domain", "aim", "owner"), code=code
    )


def _metrics_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Metrics", reverse("measurement:metrics")), *extra)


@permission_required(VIEW_DATA, raise_exception=True)
def metric_list(request: HttpRequest) -> HttpResponse:
    form = MetricSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    metrics = Metric.objects.select_related("dataset", "domain").annotate(
        series_count=Count("series")
    )
    for word in text.split():
        metrics = metrics.filter(
            Q(name__icontains=word) | Q(code__icontains=word) | Q(definition__icontains=word)
        )
    paging = paginate(request, metrics.order_by("name"), PAGE_SIZE)
    context = {
        "form": form,
        **paging,
        "text": text,
        "can_manage": request.user.has_perm(MANAGE_METRICS),
        "crumbs": crumbs(),
    }
    return render(request, "measurement/metrics/list.html", context)


@permission_required(VIEW_DATA, raise_exception=True)
def metric_detail(request: HttpRequest, code: str) -> HttpResponse:
    metric = get_metric(code)
    return render(request, "measurement/metrics/detail.html", _detail(request, metric))


def _detail(
    request: HttpRequest,
    metric: Metric,
    rebase_form: RebasePointForm | None = None,
    trajectory_form: TrajectoryStepForm | None = None,
) -> dict:
    """The metric page; the two forms are blank for a manager unless one came back."""
    if request.user.has_perm(MANAGE_METRICS):
        rebase_form = rebase_form or RebasePointForm(metric=metric)
        trajectory_form = trajectory_form or TrajectoryStepForm(metric=metric)
    return {
        "metric": metric,
        "rebase_points": metric.rebase_points.filter(
            status=RebasePoint.Status.APPROVED
        ).select_related("created_by", "decided_by"),
        "proposals": metric.rebase_points.filter(status=RebasePoint.Status.PROPOSED).select_related(
            "created_by"
        ),
        "my_decisions": {p.pk for p in rebasing.pending_for(request.user, metric)},
        "owner_name": str(metric.owner) if metric.owner_id else "",
        "trajectory": metric.trajectory.all(),
        "series_count": visible_series(request.user, metric.series.all()).count(),
        "strata_labels": metric_strata_labels(metric),
        "can_manage": request.user.has_perm(MANAGE_METRICS),
        "rebase_form": rebase_form,
        "trajectory_form": trajectory_form,
        "imports": (
            visible_imports(request.user, Import.objects.filter(metric=metric))[:5]
            if request.user.has_perm(VIEW_IMPORTS)
            else None
        ),
        "crumbs": _metrics_crumbs(),
    }


def metric_strata_labels(metric: Metric) -> list[str]:
    from qls.measurement.models import StratumDimension

    return [StratumDimension(d).label for d in metric.strata or [] if d in StratumDimension.values]


@permission_required(MANAGE_METRICS, raise_exception=True)
def metric_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, Metric())


@permission_required(MANAGE_METRICS, raise_exception=True)
def metric_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _edit(request, get_metric(code))


def _edit(request: HttpRequest, metric: Metric) -> HttpResponse:
    post = request.method == "POST"
    initial = {}
    if not metric.pk and request.GET.get("dataset"):
        initial["dataset"] = request.GET.get("dataset")
    form = MetricForm(request.POST if post else None, instance=metric, initial=initial)
    if post and form.is_valid():
        saved = actions.save_metric(metric=metric, fields=form.metric_fields())
        messages.success(request, f"Metric {saved.name} saved.")
        return redirect(saved.get_absolute_url())
    extra = [(metric.name, metric.get_absolute_url())] if metric.pk else []
    context = {"form": form, "metric": metric, "crumbs": _metrics_crumbs(*extra)}
    return render(request, "measurement/metrics/form.html", context)


def _add_part(
    request: HttpRequest,
    code: str,
    kind: str,
    save: Callable[[Any], object],
    message: str,
    anchor: str,
) -> HttpResponse:
    """Add a rebase point or a trajectory step from the form on the metric page.

    A refused form comes back on the page (status 400) with its errors; the
    other form stays blank.
    """
    metric = get_metric(code)
    form_class = RebasePointForm if kind == "rebase_form" else TrajectoryStepForm
    form = form_class(request.POST, metric=metric)
    if form.is_valid():
        save(form)
        messages.success(request, message)
        return redirect(metric.get_absolute_url() + anchor)
    context = _detail(request, metric, **{kind: form})
    return render(request, "measurement/metrics/detail.html", context, status=400)


@require_POST
@permission_required(MANAGE_METRICS, raise_exception=True)
def rebase_add(request: HttpRequest, code: str) -> HttpResponse:
    return _add_part(
        request,
        code,
        "rebase_form",
        lambda form: actions.add_rebase_point(
            metric=form.metric,
            period=form.cleaned_data["period"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        "Rebase proposed. The charts change once the metric's owner approves it.",
        "#rebase-points",
    )


@require_POST
@permission_required(MANAGE_METRICS, raise_exception=True)
def trajectory_add(request: HttpRequest, code: str) -> HttpResponse:
    return _add_part(
        request,
        code,
        "trajectory_form",
        lambda form: actions.add_trajectory_step(
            metric=form.metric,
            period=form.cleaned_data["period"],
            target=form.cleaned_data["target"],
        ),
        "Trajectory target added; the assurance icons are recalculated.",
        "#trajectory",
    )


@require_POST
@permission_required(MANAGE_METRICS, raise_exception=True)
def trajectory_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    step = get_object_or_404(MetricTrajectory, pk=pk, metric__code=code)
    actions.remove_trajectory_step(step=step)
    messages.success(request, "Trajectory target removed.")
    return redirect(reverse("measurement:metric", args=[code]) + "#trajectory")
