"""The early warning list of a scope: series at or under it whose latest points
show special cause concern, and widening gaps between groups of patients."""

from __future__ import annotations

from qls.measurement.charts import series as series_charts
from qls.measurement.charts.series import without_points
from qls.measurement.dashboards.gap_warnings import gap_warnings
from qls.measurement.dashboards.scope import Scope
from qls.measurement.dashboards.warning import EarlyWarning
from qls.measurement.models import Level, Series
from qls.spc import RULE_LABELS


def left_out_of_warnings(scope: Scope) -> list[Series]:
    """Series whose concern points are left out of the early warnings, because so many
    of their values repeat that their limits are too narrow to mean anything."""
    qs = without_points(
        Series.objects.filter(
            scope.subtree(), metric__active=True, spc_summary__repeated_values=True
        )
    )
    return sorted(qs, key=lambda s: (s.metric.name, s.org_unit_name))


LEVEL_ORDER = {Level.TRUST: 0, Level.SITE: 1, Level.WARD: 2}


def _sort_warnings(found: list[EarlyWarning]) -> None:
    found.sort(
        key=lambda w: (
            not w.latest,
            -w.recent,
            LEVEL_ORDER.get(w.level, 3),
            w.kind != "series",
            w.title,
            w.where,
        )
    )


def early_warnings(
    scope: Scope, limit: int | None = None, *, gaps: bool = False
) -> list[EarlyWarning]:
    """Series at or under the scope whose latest points show special cause concern,
    and with ``gaps``, gaps between groups of patients moving the wrong way.

    Ordered as a quality committee reads them: the latest point a concern
    first, then how many of the last three points are concerns, then the
    trust and sites before wards, then metric name.
    """
    qs = without_points(
        Series.objects.filter(
            scope.subtree(), metric__active=True, spc_summary__recent_concern__gte=1
        )
    ).select_related("metric__domain")
    found = []
    for s in qs:
        if series_charts.has_repeated_values(s):
            continue  # its limits mean nothing: see left_out_of_warnings

        summary = s.spc_summary or {}
        latest = summary.get("last_type") == "special_cause_concern"
        names = list(summary.get("last_rules", [])) if latest else []
        rules = ", ".join(RULE_LABELS[r] for r in names)
        found.append(
            EarlyWarning(
                series=s,
                latest=latest,
                recent=int(summary.get("recent_concern", 0)),
                since=summary.get("concern_since"),
                rules=rules or "earlier concern point among the latest three",
                rule_names=names,
            )
        )
    if gaps:
        found.extend(gap_warnings(scope))
    _sort_warnings(found)
    return found[:limit] if limit else found
