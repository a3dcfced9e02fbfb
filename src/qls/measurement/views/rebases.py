"""Rebasing with approval: the owner's decision and the removal, each with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from qls.measurement import rebasing
from qls.measurement.forms.rebases import RebaseDecisionForm, RebaseRemovalForm
from qls.measurement.models import RebasePoint
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.views._crumbs import crumbs


def _point(code: str, pk: int) -> RebasePoint:
    return get_object_or_404(
        RebasePoint.objects.select_related("metric", "metric__owner", "created_by", "decided_by"),
        pk=pk,
        metric__code=code,
    )


def _crumbs(point: RebasePoint):
    from django.urls import reverse

    metric = point.metric
    return crumbs(
        ("Metrics", reverse("measurement:metrics")), (metric.name, metric.get_absolute_url())
    )


def _back(point: RebasePoint) -> str:
    return point.metric.get_absolute_url() + "#rebase-points"


@permission_required(VIEW_DATA, raise_exception=True)
def rebase_decide(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The metric owner's page: approve or refuse a proposed rebase, with a reason."""
    point = _point(code, pk)
    if not rebasing.can_decide(request.user, point):
        raise PermissionDenied("Only the metric's owner decides, and never on their own proposal")
    form = RebaseDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            rebasing.decide(
                point=point, approve=approve, reason=form.cleaned_data["reason"], by=request.user
            )
        except rebasing.RebaseError as error:
            # Decided by someone else meanwhile: say so rather than fail.
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Rebase approved; the charts are recalculated."
                if approve
                else "Rebase refused; the charts stay as they were.",
            )
            return redirect(_back(point))
    status = 400 if form.errors else 200
    context = {"point": point, "metric": point.metric, "form": form, "crumbs": _crumbs(point)}
    return render(request, "measurement/metrics/rebase_decide.html", context, status=status)


@permission_required(VIEW_DATA, raise_exception=True)
def rebase_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Remove a rebase (or withdraw a proposal); the reason goes into the audit history."""
    point = _point(code, pk)
    if not rebasing.can_remove(request.user, point):
        raise PermissionDenied("Only data analysts and the metric's owner remove a rebase")
    form = RebaseRemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rebasing.remove(point=point, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, "Rebase removed; the reason is kept in the audit history.")
        return redirect(_back(point))
    status = 400 if form.errors else 200
    context = {"point": point, "metric": point.metric, "form": form, "crumbs": _crumbs(point)}
    return render(request, "measurement/metrics/rebase_remove.html", context, status=status)
