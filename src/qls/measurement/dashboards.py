"""What the trust, site and ward dashboards show, read from the SPC cache.

A :class:`Scope` is one org unit (the trust, a site or a ward). For a scope
this module gives its own series (one per metric, whole population), the
summary matrix of variation against assurance icons, and the early warning
list: series at that unit *and every unit under it* whose latest points show
special cause concern.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from qls.measurement import inequalities
from qls.measurement.charts import series as series_charts
from qls.measurement.charts.series import icon_html, icon_label, without_points
from qls.measurement.models import Level, Metric, Series
from qls.measurement.spc_cache import CONCERN_ICONS
from qls.organisation.models import Site, Ward
from qls.spc import RULE_LABELS

# Matrix rows (variation) and columns (assurance), in the order NHS integrated
# performance reports use: the cells needing attention first.
VARIATION_ROWS: list[tuple[str, str, tuple[str, ...]]] = [
    ("concern", "Special cause concern", CONCERN_ICONS),
    ("common", "Common cause", ("common_cause",)),
    (
        "improvement",
        "Special cause improvement",
        ("special_cause_improvement_high", "special_cause_improvement_low"),
    ),
    (
        "neutral",
        "Special cause, neither",
        ("special_cause_neutral_high", "special_cause_neutral_low"),
    ),
]
ASSURANCE_COLUMNS: list[tuple[str, str, str]] = [
    ("fail", "Consistently failing the target", "consistent_fail"),
    ("inconsistent", "Hit and miss", "inconsistent"),
    ("pass", "Consistently passing the target", "consistent_pass"),
    ("none", "No target", ""),
]
VARIATION_GROUP = {icon: key for key, _label, icons in VARIATION_ROWS for icon in icons}
ASSURANCE_GROUP = {icon: key for key, _label, icon in ASSURANCE_COLUMNS}


@dataclass
class Scope:
    """One org unit, as seen by one person: ``seen`` limits every series it
    gives to those the person may see (``sharing.Viewer.filter``)."""

    level: str
    site: Site | None = None
    ward: Ward | None = None
    seen: Q = field(default_factory=Q)

    @classmethod
    def find(cls, level: str, code: str | None = None, seen: Q | None = None) -> Scope:
        """The scope named in a URL, or 404."""
        seen = Q() if seen is None else seen
        if level == Level.TRUST:
            return cls(Level.TRUST, seen=seen)
        if level == Level.SITE:
            site = Site.objects.filter(code=code).first()
            if site is None:
                raise Http404("No such site")
            return cls(Level.SITE, site=site, seen=seen)
        if level == Level.WARD:
            ward = Ward.objects.select_related("site").filter(code=code).first()
            if ward is None:
                raise Http404("No such ward")
            return cls(Level.WARD, site=ward.site, ward=ward, seen=seen)
        raise Http404("No such level")

    @property
    def name(self) -> str:
        if self.ward:
            return self.ward.name
        if self.site:
            return self.site.name
        return "Trust"

    @property
    def code(self) -> str:
        return self.ward.code if self.ward else self.site.code if self.site else ""

    @property
    def url(self) -> str:
        if self.ward:
            return reverse("measurement:ward_dashboard", args=[self.ward.code])
        if self.site:
            return reverse("measurement:site_dashboard", args=[self.site.code])
        return reverse("measurement:index")

    def query(self) -> dict[str, Any]:
        """Query-string values naming this scope (for list links)."""
        return {"level": self.level, "unit": self.code} if self.code else {"level": self.level}

    def own(self) -> Q:
        """This unit's own series (whole population, every metric) the person may see."""
        q = Q(level=self.level, stratum_dimension="")
        if self.ward:
            q &= Q(ward=self.ward)
        elif self.site:
            q &= Q(site=self.site)
        return q & self.seen

    def subtree(self) -> Q:
        """This unit's series and those of every unit under it (no strata) the
        person may see."""
        q = Q(stratum_dimension="")
        if self.ward:
            q &= Q(ward=self.ward)
        elif self.site:
            q &= Q(site=self.site)
        return q & self.seen

    @staticmethod
    def subtree_by_code(level: str, code: str | None) -> Q:
        """``subtree()`` of the scope a URL names, without loading the unit first."""
        q = Q(stratum_dimension="")
        if level == Level.WARD:
            q &= Q(ward__code=code)
        elif level == Level.SITE:
            q &= Q(site__code=code)
        return q

    def crumbs(self) -> list[tuple[str, str]]:
        """Parents of this scope's dashboard (the trust, then the site)."""
        out = [("Home", reverse("core:home"))]
        if self.site or self.ward:
            out.append(("Trust dashboard", reverse("measurement:index")))
        if self.ward and self.site:
            out.append(
                (self.site.name, reverse("measurement:site_dashboard", args=[self.site.code]))
            )
        return out


def own_series(scope: Scope) -> list[Series]:
    """The scope's series that have results, ordered by domain then metric name."""
    qs = without_points(Series.objects.filter(scope.own(), metric__active=True)).exclude(
        variation_icon=""
    )
    return sorted(
        qs,
        key=lambda s: (
            s.metric.domain.order if s.metric.domain else 99,
            not s.metric.is_key,
            s.metric.name,
        ),
    )


@dataclass
class Cell:
    count: int
    url: str
    label: str


@dataclass
class Matrix:
    rows: list[dict[str, Any]] = field(default_factory=list)
    columns: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


def matrix(scope: Scope, series: list[Series]) -> Matrix:
    """Counts of the scope's metrics in each (variation, assurance) cell, with list links."""
    counts = Counter(
        (VARIATION_GROUP.get(s.variation_icon), ASSURANCE_GROUP.get(s.assurance_icon, "none"))
        for s in series
    )
    base = reverse("measurement:series_list")
    out = Matrix(total=len(series))
    for key, label, icon in ASSURANCE_COLUMNS:
        out.columns.append({"key": key, "label": label, "icon": icon_html(icon) if icon else ""})
    for vkey, vlabel, icons in VARIATION_ROWS:
        cells = []
        for akey, alabel, _icon in ASSURANCE_COLUMNS:
            n = counts.get((vkey, akey), 0)
            query = "&".join(f"{k}={v}" for k, v in scope.query().items())
            cells.append(
                Cell(
                    count=n,
                    url=f"{base}?{query}&variation={vkey}&assurance={akey}",
                    label=f"{vlabel}, {alabel.lower()}: {n} metric{'s' if n != 1 else ''}",
                )
            )
        out.rows.append(
            {"key": vkey, "label": vlabel, "icons": [icon_html(i) for i in icons], "cells": cells}
        )
    return out


def filter_by_icons(qs: QuerySet[Series], variation: str, assurance: str) -> QuerySet[Series]:
    """Series in one matrix cell (keys as in VARIATION_ROWS / ASSURANCE_COLUMNS)."""
    for key, _label, icons in VARIATION_ROWS:
        if key == variation:
            qs = qs.filter(variation_icon__in=icons)
    for key, _label, icon in ASSURANCE_COLUMNS:
        if key == assurance:
            qs = qs.filter(assurance_icon=icon)
    return qs


@dataclass
class EarlyWarning:
    """One line of the early warnings: a series, or a gap between groups of patients,
    whose latest points show special cause concern."""

    latest: bool  # the latest point itself is a concern
    recent: int  # concern points among the latest three
    since: str | None  # ISO date the unbroken run of concern points began
    rules: str
    series: Series | None = None
    kind: str = "series"  # or "gap"
    metric: Metric | None = None
    where: str = ""
    level: str = ""
    latest_period: dt.date | None = None
    latest_value: float | None = None
    unit: str = ""
    title: str = ""
    rule_names: list[str] = field(default_factory=list)
    link: str = ""
    variation_icon: str = ""
    # A gap's (metric id, level, site id): whose strata it compares.
    unit_key: tuple[int, str, int | None] | None = None

    def __post_init__(self) -> None:
        s = self.series
        if s is not None:
            self.metric = self.metric or s.metric
            self.where = self.where or s.org_unit_name
            self.level = self.level or s.level
            self.latest_period = self.latest_period or s.latest_period
            self.latest_value = s.latest_value if self.latest_value is None else self.latest_value
            self.unit = self.unit or s.metric.unit
            self.title = self.title or s.metric.name
            self.variation_icon = self.variation_icon or s.variation_icon

    @property
    def url(self) -> str:
        if self.link:
            return self.link
        assert self.series is not None
        return series_charts.org_unit_url(self.series)

    @property
    def icon(self) -> str:
        return icon_html(self.variation_icon, 32)

    @property
    def icon_label(self) -> str:
        return icon_label(self.variation_icon)

    @property
    def signal_date(self) -> dt.date | None:
        """When the signal began: the start of the run of concern points, else the
        latest period (a concern among the latest three points is that recent)."""
        if self.since:
            return dt.date.fromisoformat(self.since)
        return self.latest_period

    @property
    def domain_slug(self) -> str:
        domain = self.metric.domain if self.metric else None
        return domain.slug if domain else ""


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


def _gap_units(scope: Scope) -> list[tuple[str, Site | None]]:
    if scope.level == Level.WARD:
        return []  # strata are held for the trust and its sites
    if scope.site:
        return [(Level.SITE, scope.site)]
    sites = Site.objects.filter(
        series__level=Level.SITE,
        series__ward=None,
        series__metric__active=True,
        series__stratum_dimension__gt="",
    )
    return [(Level.TRUST, None), *[(Level.SITE, s) for s in sites.distinct().order_by("name")]]


def gap_warnings(scope: Scope) -> list[EarlyWarning]:
    """Gaps between groups of patients whose own XmR chart shows concern at the end.

    Each split's gap is the one its inequality page shows first (the most
    against the least deprived; for other splits the group furthest behind
    the largest), so the list and the page always agree. Cached until any
    stratified series under the scope is recomputed or a metric changes.
    """
    units = _gap_units(scope)
    if not units:
        return []
    strata = Series.objects.filter(metric__active=True, ward=None).exclude(stratum_dimension="")
    if scope.site:
        strata = strata.filter(site=scope.site)
    state = strata.aggregate(
        stamp=Max("spc_computed_at"), count=Count("id"), metric_stamp=Max("metric__updated_at")
    )
    if not state["count"]:
        return []
    key = "qls:gap-warnings:v2:{}:{}:{}:{}".format(
        scope.code,
        state["stamp"].timestamp() if state["stamp"] else 0,
        state["count"],
        state["metric_stamp"].timestamp() if state["metric_stamp"] else 0,
    )
    found = cache.get(key)
    if found is None:
        found = _compute_gap_warnings(units)
        cache.set(key, found, series_charts.CACHE_SECONDS)
    if scope.seen:
        # Computed for everyone, then cut to the strata this person may see.
        visible = set(
            strata.filter(scope.seen).values_list("metric_id", "level", "site_id").distinct()
        )
        found = [w for w in found if w.unit_key in visible]
    return found


def _compute_gap_warnings(units: list[tuple[str, Site | None]]) -> list[EarlyWarning]:
    found = []
    metrics = Metric.objects.filter(
        active=True, series__ward=None, series__stratum_dimension__gt=""
    ).distinct()
    for metric in metrics.select_related("domain").order_by("name"):
        for level, site in units:
            for split in inequalities.default_gaps(metric, level, site.pk if site else None):
                signal = inequalities.gap_signal(split.analysis)
                if signal is None:
                    continue
                summary = split.analysis.result.summary.to_pylist()[0]
                found.append(
                    EarlyWarning(
                        kind="gap",
                        metric=metric,
                        where=site.name if site else "Trust",
                        level=level,
                        latest=signal.latest,
                        recent=signal.recent,
                        since=signal.since.isoformat() if signal.since else None,
                        rules=", ".join(RULE_LABELS[r] for r in signal.rules)
                        or "earlier concern point among the latest three",
                        rule_names=signal.rules,
                        latest_period=signal.latest_period,
                        latest_value=signal.latest_value,
                        unit=inequalities.gap_unit(metric, split.analysis),
                        title=f"Gap widening: {metric.name}, "
                        f"{inequalities.comparison_label(split)}",
                        link=inequalities.gap_url(metric, site, split),
                        variation_icon=summary.get("variation_icon") or "",
                        unit_key=(metric.pk, level, site.pk if site else None),
                    )
                )
    return found


# ----------------------------------------------------------------- filters and pages

RULE_CHOICES = [
    *((name, words[0].upper() + words[1:]) for name, words in RULE_LABELS.items()),
    ("earlier", "Earlier concern point among the latest three"),
]


@dataclass
class WarningFilters:
    """What the early warnings page was asked to show (empty: everything)."""

    domain: str = ""  # quality domain slug
    rule: str = ""  # a rule name, or "earlier"
    since: dt.date | None = None  # signals that began on or after this date

    def keep(self, w: EarlyWarning) -> bool:
        equity_gap = self.domain == EQUITABLE and w.kind == "gap"
        if self.domain and self.domain != w.domain_slug and not equity_gap:
            return False
        if self.rule == "earlier" and w.latest:
            return False
        if self.rule and self.rule != "earlier" and self.rule not in w.rule_names:
            return False
        return not (self.since and (w.signal_date is None or w.signal_date < self.since))


EQUITABLE = "equitable"  # a widening gap is an equity matter, whatever its metric's domain


def filter_warnings(warnings: list[EarlyWarning], filters: WarningFilters) -> list[EarlyWarning]:
    """The warnings that pass every filter (they combine)."""
    return [w for w in warnings if filters.keep(w)]
