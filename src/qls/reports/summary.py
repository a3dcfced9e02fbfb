"""What the pages of an edition show, worked out from its frozen items only.

- ``matrix``: the Making Data Count summary, variation (columns) by assurance
  (rows), each cell counting and listing its metrics;
- ``sections``: the SPC summary table, grouped by section;
- ``frozen_series`` / ``chart``: an item drawn by the measurement charts, as
  if its snapshot were a live series (no live data is read);
- ``changes``: what moved since the previous published edition.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from qls.core.charts import Chart
from qls.measurement.charts import series as series_charts
from qls.measurement.models import Series
from qls.reports.models import Edition, EditionItem, ItemKind
from qls.reports.snapshot import item_key, previous_edition

NO_DATA = "No data for this period"
VARIATION_COLUMNS = (
    ("improvement", "Special cause improvement"),
    ("common", "Common cause"),
    ("concern", "Special cause concern"),
    ("neutral", "Special cause, neither"),
)
ASSURANCE_ROWS = (
    ("consistent_pass", "Consistently passing the target"),
    ("inconsistent", "Passing and failing the target"),
    ("consistent_fail", "Consistently failing the target"),
    ("", "No target"),
)
SPARK_POINTS = 12


def variation_group(icon: str) -> str:
    if icon.startswith("special_cause_improvement"):
        return "improvement"
    if icon.startswith("special_cause_concern"):
        return "concern"
    if icon.startswith("special_cause_neutral"):
        return "neutral"
    return "common" if icon else ""


@dataclass
class Cell:
    variation: str
    assurance: str
    items: list[EditionItem] = field(default_factory=list)


@dataclass
class Matrix:
    columns: Sequence[tuple[str, str]]
    rows: list[tuple[str, list[Cell]]]
    no_icons: list[EditionItem]  # no data, or limits that mean nothing


def matrix(items: Iterable[EditionItem]) -> Matrix:
    cells = {(v, a): Cell(v, a) for v, _ in VARIATION_COLUMNS for a, _ in ASSURANCE_ROWS}
    no_icons = []
    for item in items:
        group = variation_group(item.variation_icon)
        if not group:
            no_icons.append(item)
            continue
        cells[(group, item.assurance_icon)].items.append(item)
    rows = [(label, [cells[(v, a)] for v, _ in VARIATION_COLUMNS]) for a, label in ASSURANCE_ROWS]
    return Matrix(VARIATION_COLUMNS, rows, no_icons)


def sections(items: Iterable[EditionItem]) -> list[tuple[str, list[EditionItem]]]:
    grouped: dict[tuple[int, str], list[EditionItem]] = {}
    for item in items:
        grouped.setdefault((item.section_order, item.section_title), []).append(item)
    return [(title, rows) for (_, title), rows in sorted(grouped.items())]


def summary_value(item: EditionItem, name: str) -> float | None:
    return (item.spc_summary or {}).get(name)


def frozen_series(item: EditionItem) -> Series:
    """An unsaved ``Series`` carrying the item's snapshot, for the measurement charts."""
    return Series(
        pk=item.series_id or 0,
        metric=item.metric,
        level=item.level,
        variation_icon=item.variation_icon,
        assurance_icon=item.assurance_icon,
        latest_period=item.latest_period,
        latest_value=item.latest_value,
        spc_points=item.spc_points,
        spc_summary=item.spc_summary,
    )


def chart(item: EditionItem) -> Chart:
    """The item's SPC chart as frozen (no downloads: those read live data).

    Two years of a monthly measure, a year of a weekly one, as on the
    dashboards; the limits are those of every point, as frozen.
    """
    series = frozen_series(item)
    drawn = series_charts.chart(
        series,
        last=series_charts.card_points(series, series_charts.DASHBOARD_POINTS),
        chart_id=f"item-{item.pk}",
        chart_title=f"{item.metric_name} at {item.org_unit_name}",
        draw_icons=False,
    )
    drawn.downloads = []
    return drawn


def icons(item: EditionItem, size: int = 32) -> dict[str, Any]:
    return series_charts.icons(frozen_series(item), size)


def sparkline(item: EditionItem, width: int = 96, height: int = 28) -> SafeString:
    """The latest points as a small inline SVG line, labelled for screen readers."""
    ys = [y for y in (item.spc_points or {}).get("y", [])[-SPARK_POINTS:] if y is not None]
    if len(ys) < 2:
        return mark_safe("")
    low, high = min(ys), max(ys)
    span = (high - low) or 1.0
    step = (width - 4) / (len(ys) - 1)
    points = " ".join(
        f"{2 + i * step:.1f},{height - 2 - (y - low) / span * (height - 4):.1f}"
        for i, y in enumerate(ys)
    )
    label = f"Latest {len(ys)} points, from {ys[0]:g} to {ys[-1]:g}"
    return format_html(
        '<svg class="qls-sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><polyline fill="none" stroke="#005eb8" stroke-width="1.5" '
        'points="{}"/></svg>',
        width,
        height,
        width,
        height,
        label,
        points,
    )


def _label(icon: str) -> str:
    return series_charts.icon_label(icon) if icon else "no icon"


@dataclass
class Changes:
    previous: Edition | None
    icons_changed: list[tuple[EditionItem, str]] = field(default_factory=list)  # item, words
    new_exceptions: list[EditionItem] = field(default_factory=list)
    resolved: list[EditionItem] = field(default_factory=list)  # the earlier edition's items


def changes(edition: Edition, items: Sequence[EditionItem]) -> Changes:
    before = previous_edition(edition)
    found = Changes(before)
    if before is None:
        return found
    old = {item_key(i): i for i in before.items.all()}
    now = {item_key(i) for i in items}
    for item in items:
        was = old.get(item_key(item))
        if was is None:
            if item.kind == ItemKind.EXCEPTION:
                found.new_exceptions.append(item)
            continue
        moved = [
            f"{what} from {_label(old_icon).lower()} to {_label(new_icon).lower()}"
            for what, old_icon, new_icon in (
                ("variation", was.variation_icon, item.variation_icon),
                ("assurance", was.assurance_icon, item.assurance_icon),
            )
            if old_icon != new_icon
        ]
        if moved:
            found.icons_changed.append((item, "; ".join(moved)))
        if item.kind == ItemKind.EXCEPTION and was.kind != ItemKind.EXCEPTION:
            found.new_exceptions.append(item)
        if was.kind == ItemKind.EXCEPTION and item.kind != ItemKind.EXCEPTION:
            found.resolved.append(was)
    found.resolved += [i for k, i in old.items() if k not in now and i.kind == ItemKind.EXCEPTION]
    return found
