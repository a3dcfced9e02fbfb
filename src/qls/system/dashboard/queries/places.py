"""Places: each one's organisations and the latest figures of each shared metric there."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from qls.measurement.inequalities import stratum_label
from qls.measurement.models import Metric, Series
from qls.organisation.models import Organisation
from qls.organisation.tenancy import host_organisation
from qls.system.dashboard import pooling
from qls.system.dashboard.models import Place
from qls.system.dashboard.queries.series import organisation_level, owner, shared_metrics


@dataclass
class Figure:
    label: str
    value: float | None
    period: Any
    contributors: int
    note: str = ""


@dataclass
class PlaceMetric:
    metric: Metric
    total: Figure | None
    splits: dict[str, list[Figure]]  # dimension label -> one figure per stratum value
    note: str = ""
    each: list[Figure] = field(default_factory=list)  # not poolable: each organisation's


@dataclass
class PlaceView:
    place: Place
    organisations: list[Organisation]
    metrics: list[PlaceMetric]


def _latest_figure(metric: Metric, label: str, series: list[Series]) -> Figure | None:
    ids = [s.pk for s in series]
    period = pooling.latest_period(ids)
    if period is None:
        return None
    pooled = pooling.pool(metric, ids, period=period)
    if not pooled.periods:
        return None
    return Figure(label, pooled.value(0), period, pooled.contributors[0])


def _own_figures(label: str, series: list[Series], host: Organisation | None) -> list[Figure]:
    """Each organisation's latest value, for a measure that cannot be pooled."""
    return [
        Figure(
            f"{label}: {owner(s, host)}" if label else str(owner(s, host)),
            s.latest_value,
            s.latest_period,
            1,
        )
        for s in series
        if s.latest_period is not None
    ]


def places(user: Any) -> list[PlaceView]:
    """Each place, its organisations, and each shared metric's figures there."""
    host = host_organisation()
    metrics = list(shared_metrics())
    whole = list(organisation_level(user, metrics).defer("spc_points"))
    split = list(organisation_level(user, metrics, strata=True).defer("spc_points"))
    out = []
    for place in Place._default_manager.prefetch_related("organisations"):
        orgs = list(place.organisations.order_by("-is_host", "name"))
        members = {o.pk for o in orgs}

        def here(series: list[Series], metric: Metric, members: set[int] = members) -> list[Series]:
            return [
                s for s in series
                if s.metric_id == metric.pk and getattr(owner(s, host), "pk", None) in members
            ]  # fmt: skip

        rows = []
        for metric in metrics:
            own = here(whole, metric)
            strata = here(split, metric)
            if not own and not strata:
                continue
            by_stratum: dict[tuple[str, str], list[Series]] = defaultdict(list)
            for s in strata:
                by_stratum[(s.stratum_dimension, s.stratum_value)].append(s)
            splits: dict[str, list[Figure]] = defaultdict(list)
            if pooling.poolable(metric):
                total = _latest_figure(metric, place.name, own) if own else None
                for (dim, value), found in sorted(by_stratum.items()):
                    figure = _latest_figure(metric, stratum_label(dim, value), found)
                    if figure is not None:
                        splits[found[0].get_stratum_dimension_display()].append(figure)
                rows.append(PlaceMetric(metric, total, dict(splits)))
            else:
                for (dim, value), found in sorted(by_stratum.items()):
                    splits[found[0].get_stratum_dimension_display()] += _own_figures(
                        stratum_label(dim, value), found, host
                    )
                note = "Not pooled: its values cannot be added across organisations."
                each = _own_figures("", own, host)
                rows.append(PlaceMetric(metric, None, dict(splits), note, each))
        out.append(PlaceView(place, orgs, rows))
    return out
