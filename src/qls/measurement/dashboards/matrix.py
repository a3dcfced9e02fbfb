"""The summary matrix of a dashboard: variation icons against assurance icons."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from qls.measurement.charts.series import icon_html
from qls.measurement.dashboards.scope import Scope
from qls.measurement.models import Series
from qls.measurement.spc_cache import CONCERN_ICONS

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
