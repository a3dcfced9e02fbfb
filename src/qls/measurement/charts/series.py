"""Charts of cached SPC series: the spec, the data table, downloads and a render cache.

Pages never run the SPC engine. They turn the points stored on each series
(``Series.spc_points``, written by ``spc_cache``) into a Making Data Count
Vega-Lite spec with ``qls.spc.charts.series_spec`` and show it through the
shared ``core/_chart.html`` include.

Pages of many charts (the dashboards, ward comparison, strata) send only
each chart's words and links: the browser fetches a chart's spec from
``series_chart`` when the chart comes near the viewport, and its data table
from ``series_table`` when the table is opened. The page stays a fifth of
the size it would be with 40 specs and tables inline, and Vega draws only
what is looked at.

Building a spec costs a few milliseconds a chart, which a 30-chart ward
dashboard would pay on every request. So the rendered chart HTML and the
specs are kept in Django's cache under keys holding the series'
``spc_computed_at``: a recompute changes the key, and nothing ever needs
invalidating by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

import orjson
from django.core.cache import cache
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from qls.core.charts import Chart
from qls.measurement.inequalities import stratum_label
from qls.measurement.models import ChartType, Series
from qls.measurement.spc_cache import RULE_BITS
from qls.spc import POINT_TYPES, RULE_LABELS
from qls.spc.charts import (
    ICON_LABELS,
    POINT_TYPE_LABELS,
    assurance_icon_svg,
    series_spec,
    variation_icon_svg,
)

# Points shown per dashboard chart: a year of a weekly measure, two years of a
# monthly one (as integrated performance reports show). Limits still come
# from every point; the measure's own page shows them all. Fewer points keep
# a 30-chart page under a megabyte.
DASHBOARD_POINTS = 52
MONTHLY_POINTS = 24
CACHE_SECONDS = 24 * 3600
# Charts whose points are events (the days between them), not periods.
EVENT_CHARTS = frozenset({ChartType.G, ChartType.T})
DOWNLOAD_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("svg", "SVG image"), ("png", "PNG image"))
# ----------------------------------------------------------------- icons


@functools.cache
def icon_html(name: str, size: int = 40) -> SafeString:
    """An MDC icon as inline SVG (it carries its own title and aria-label)."""
    if not name:
        return mark_safe("")
    draw = variation_icon_svg if name.startswith(("common", "special")) else assurance_icon_svg
    return mark_safe(draw(name, size=size))


def icon_label(name: str) -> str:
    return ICON_LABELS.get(name, name if name else "No assurance: no target")


REPEATED_NOTE = (
    "No icons: more than a third of the latest points repeat the value before them, so the "
    "process limits are too narrow to mean anything. Is a less frequent figure (a quarterly "
    "survey, say) being carried into every period?"
)


def has_repeated_values(series: Series) -> bool:
    """The engine found too many repeated values for this series' limits to mean anything."""
    return bool((series.spc_summary or {}).get("repeated_values"))


def assurance_basis(icon: str, segment_start: dt.date | str | None) -> str:
    """Which limits the assurance icon judged: those of the segment starting then.

    >>> assurance_basis("consistent_pass", "2025-03-03")
    'Assurance judged on the limits from 3 Mar 2025'
    """
    if not icon or not segment_start:
        return ""
    if isinstance(segment_start, str):
        segment_start = dt.date.fromisoformat(segment_start)
    return f"Assurance judged on the limits from {segment_start.day} {segment_start:%b %Y}"


def icons(series: Series, size: int = 40) -> dict[str, Any]:
    """The two MDC icons of a series and their words, as every page shows them.

    A series whose limits collapsed under repeated values gets a warning
    (``repeated``) in place of icons that would mislead. ``assurance_basis``
    names the segment the assurance icon judged (after a rebase, the latest).
    """
    if has_repeated_values(series):
        return {
            "variation": "",
            "variation_label": "",
            "assurance": "",
            "assurance_label": "",
            "assurance_basis": "",
            "repeated": REPEATED_NOTE,
        }
    return {
        "variation": icon_html(series.variation_icon, size),
        "variation_label": icon_label(series.variation_icon),
        "assurance": icon_html(series.assurance_icon, size),
        "assurance_label": icon_label(series.assurance_icon),
        "assurance_basis": assurance_basis(
            series.assurance_icon, (series.spc_summary or {}).get("segment_start")
        ),
        "repeated": "",
    }


# ----------------------------------------------------------------- points


def point_rows(series: Series, last: int | None = None) -> list[dict[str, Any]]:
    """The stored points as the row dicts ``series_spec`` reads, oldest first."""
    data = series.spc_points or {}
    xs: list[str] = data.get("x", [])
    start = max(len(xs) - last, 0) if last else 0
    targets = data.get("target")
    rows = []
    for i in range(start, len(xs)):
        code = data["type"][i]
        bits = data["rules"][i]
        rows.append(
            {
                "series_id": series.pk,
                "x": dt.date.fromisoformat(xs[i]),
                "y": data["y"][i],
                "mean": data["mean"][i],
                "lpl": data["lpl"][i],
                "upl": data["upl"][i],
                "target": targets[i] if targets else None,
                "segment": data["segment"][i],
                "short_segment": bool(data["short"][i]),
                "point_type": POINT_TYPES[code] if code >= 0 else None,
                **{name: bool(bits & bit) for name, bit in RULE_BITS.items()},
            }
        )
    return rows


def table(
    series: Series, last: int | None = None, *, full: bool = True
) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the chart's data (the accessible table and the CSV/XLSX).

    ``full=False`` (dashboards) leaves out numerator, denominator, target and
    rules, which the detail page and the downloads carry.
    """
    data = series.spc_points or {}
    xs: list[str] = data.get("x", [])
    start = max(len(xs) - last, 0) if last else 0
    ratio = "num" in data and full
    has_target = bool(data.get("target")) and full
    unit = series.metric.unit
    headers = ["Period", f"Value ({unit})" if unit else "Value"]
    if ratio:
        headers += ["Numerator", "Denominator"]
    headers += ["Mean", "Lower limit", "Upper limit"]
    if has_target:
        headers.append("Target")
    headers.append("Variation")
    if full:
        headers.append("Rules that fired")
    rows = []
    for i in range(start, len(xs)):
        row: list[Any] = [xs[i], data["y"][i]]
        if ratio:
            row += [data["num"][i], data["den"][i]]
        row += [data["mean"][i], data["lpl"][i], data["upl"][i]]
        if has_target:
            row.append(data["target"][i])
        code = data["type"][i]
        row.append(POINT_TYPE_LABELS[POINT_TYPES[code]] if code >= 0 else "No value")
        if full:
            bits = data["rules"][i]
            row.append("; ".join(RULE_LABELS[n] for n, bit in RULE_BITS.items() if bits & bit))
        rows.append(row)
    return headers, rows


def title(series: Series, *, with_unit: bool = True) -> str:
    parts = [series.metric.name]
    if with_unit:
        parts.append(f"at {series.org_unit_name}")
    if series.stratum_dimension:
        parts.append(f"({series.get_stratum_dimension_display()}: {series.stratum_value})")
    return " ".join(parts)


def spec(series: Series, *, last: int | None = None, **kwargs: Any) -> dict[str, Any]:
    """The series' Vega-Lite spec. g and t charts count the days between
    events: their points are events, plotted in order with their dates as
    labels (by date, a cluster of events bunches into one smudge and a long
    gap stretches the axis)."""
    rows = point_rows(series, last)
    summary = {
        "variation_icon": series.variation_icon or None,
        "assurance_icon": series.assurance_icon or None,
    }
    kwargs.setdefault("title", title(series))
    kwargs.setdefault("y_label", series.metric.unit or None)
    kwargs.setdefault("event_order", series.metric.chart_type in EVENT_CHARTS)
    return series_spec(rows, series.pk, summary=summary, **kwargs)


def downloads(series: Series) -> list[tuple[str, str]]:
    return [
        (f"Download {label}", reverse("measurement:series_download", args=[series.pk, fmt]))
        for fmt, label in DOWNLOAD_FORMATS
    ]


def chart(
    series: Series,
    *,
    chart_id: str | None = None,
    last: int | None = None,
    chart_title: str | None = None,
    height: int = 260,
    draw_icons: bool = True,
) -> Chart:
    """A ``qls.core.charts.Chart`` for one series (``last`` points, or all)."""
    name = chart_title or title(series)
    built = spec(
        series, last=last, title=name, width="container", height=height, draw_icons=draw_icons
    )
    headers, rows = table(series, last, full=not last)
    shown = f" The chart shows the latest {len(rows)} points." if last and rows else ""
    return Chart(
        id=chart_id or f"chart-{series.pk}",
        title=name,
        spec=built,
        description=built.get("description", "") + shown,
        headers=headers,
        rows=rows,
        downloads=downloads(series),
    )


TITLE_STYLES = ("short", "long", "stratum")


def styled_title(series: Series, style: str) -> str:
    """A chart card's title: the metric ("short"), the metric at its unit
    ("long", for pages that mix units) or the stratum alone ("stratum")."""
    if style == "stratum":
        return stratum_label(series.stratum_dimension, series.stratum_value)
    return title(series, with_unit=style == "long")


def card_points(series: Series, last: int | None) -> int | None:
    """Points a chart card shows: ``last``, at most two years of a monthly measure."""
    return min(last, MONTHLY_POINTS) if last and series.metric.frequency == "month" else last


YDomain = tuple[float, float]


def card_spec(
    series: Series, *, points: int | None, style: str, y_domain: YDomain | None = None
) -> dict[str, Any]:
    """The spec of a chart card. The card shows the icons (with their labels)
    beside the chart, so the spec leaves them out: a 30-chart dashboard saves
    some 90 KB. ``y_domain`` fixes the y-axis (charts compared side by side)."""
    built = spec(
        series,
        last=points,
        title=styled_title(series, style),
        width="container",
        height=260,
        draw_icons=False,
    )
    if y_domain is not None:
        built["encoding"]["y"]["scale"] = {"domain": list(y_domain), "zero": False, "nice": True}
    return built


def shared_y_domain(series_list: Sequence[Series], last: int | None) -> YDomain | None:
    """One y-range for charts read side by side (small multiples), so that a
    ward whose chart looks twice as high really is twice as high. It spans
    every point, limit and target the cards show, with lower limits below
    zero drawn at zero as each chart draws them."""
    points = dict(
        Series.objects.filter(pk__in=[s.pk for s in series_list]).values_list("pk", "spc_points")
    )
    drawn: list[float] = []
    for s in series_list:
        if not points.get(s.pk):
            continue
        s.spc_points = points[s.pk]
        rows = point_rows(s, card_points(s, last))
        ys = [r["y"] for r in rows if r["y"] is not None]
        floor = 0.0 if ys and min(ys) >= 0 else None
        for r in rows:
            for k in ("y", "lpl", "upl", "mean", "target"):
                if r[k] is not None:
                    drawn.append(max(r[k], floor) if floor is not None else r[k])
    if not drawn:
        return None
    low, high = min(drawn), max(drawn)
    if high <= low:  # a flat line: give it room, still not below zero
        low, high = (low, low + 1) if low >= 0 else (low - 1, high + 1)
    # As the page's spec URLs carry it, so a card built now and one built on
    # fetching its URL get the very same axis.
    return parse_y_domain(_domain_text((low, high)))


def _domain_text(y_domain: YDomain | None) -> str:
    return "" if y_domain is None else f"{y_domain[0]:.6g},{y_domain[1]:.6g}"


def parse_y_domain(raw: str) -> YDomain | None:
    """The ``y`` query value, "low,high", or empty for each chart's own scale.

    Raises ``ValueError`` with a message naming the field.
    """
    if raw == "":
        return None
    message = "y must be two numbers, low,high (low below high), or empty"
    try:
        low, high = (float(v) for v in raw.split(","))
    except ValueError:
        raise ValueError(message) from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(message)
    return low, high


def _stamp(series: Series) -> str:
    return str(series.spc_computed_at.timestamp() if series.spc_computed_at else 0)


def _key(series: Series, variant: str) -> str:
    return f"qls:chart:v2:{series.pk}:{_stamp(series)}:{variant}"


def spec_key(
    series: Series, points: int | None, style: str, y_domain: YDomain | None = None
) -> str:
    """Cache key (and the ETag's source) of a card's spec; a recompute changes it."""
    return _key(series, f"spec:{points or 'all'}:{style}:{_domain_text(y_domain)}")


def spec_url(
    series: Series, points: int | None, style: str, y_domain: YDomain | None = None
) -> str:
    """Where ``qls/charts.js`` fetches a card's spec. ``v`` changes with every
    recompute, so the browser may keep the answer as long as it likes."""
    query = {"points": points or "", "title": style, "v": _stamp(series)}
    if y_domain is not None:
        query["y"] = _domain_text(y_domain)
    return f"{reverse('measurement:series_chart', args=[series.pk])}?{urlencode(query)}"


def table_url(series: Series, points: int | None) -> str:
    query = urlencode({"points": points or "", "v": _stamp(series)})
    return f"{reverse('measurement:series_table', args=[series.pk])}?{query}"


def card_spec_json(
    series: Series, *, points: int | None, style: str, y_domain: YDomain | None = None
) -> bytes | None:
    """A card's spec as JSON, from the cache where possible; None without results.

    ``series`` may be loaded without ``spc_points`` (deferred); they are read
    only when the spec is not cached.
    """
    key = spec_key(series, points, style, y_domain)
    body = cache.get(key)
    if body is None:
        if not series.spc_points:
            return None
        body = orjson.dumps(card_spec(series, points=points, style=style, y_domain=y_domain))
        cache.set(key, body, CACHE_SECONDS)
    return body


def chart_html_many(
    series_list: Sequence[Series],
    *,
    last: int | None = DASHBOARD_POINTS,
    titles: str = "short",
    y_domain: YDomain | None = None,
) -> dict[int, SafeString]:
    """Rendered ``core/_chart.html`` for each series, from the cache where possible.

    For pages of chart cards that show each series' icons beside its chart.
    The HTML holds the chart's title, its text alternative and downloads; the
    spec and the data table are fetched when needed (``spec_url``,
    ``table_url``), so a page of 40 charts stays small. ``titles`` is a
    :data:`TITLE_STYLES` name; ``y_domain`` gives every chart the same
    y-axis (:func:`shared_y_domain`).

    The series may be loaded without ``spc_points`` (deferred): the points are
    fetched in one query, and only for the charts not already cached.
    """
    variant = f"{last or 'all'}:{titles}:{_domain_text(y_domain)}:v3"
    keys = {s.pk: _key(s, variant) for s in series_list}
    found = cache.get_many(list(keys.values()))
    out: dict[int, SafeString] = {}
    missing = []
    for s in series_list:
        html = found.get(keys[s.pk])
        if html is None:
            missing.append(s)
        else:
            out[s.pk] = mark_safe(html)
    if missing:
        points = dict(
            Series.objects.filter(pk__in=[s.pk for s in missing]).values_list("pk", "spc_points")
        )
        fresh = {}
        for s in missing:
            s.spc_points = points.get(s.pk)
            if not s.spc_points:
                continue
            shown = card_points(s, last)
            built = card_spec(s, points=shown, style=titles, y_domain=y_domain)
            count = len(built["data"]["values"]) if shown else 0
            more = f" The chart shows the latest {count} points." if count else ""
            chart = Chart(
                id=f"chart-{s.pk}",
                title=styled_title(s, titles),
                spec={},
                description=built.get("description", "") + more,
                downloads=downloads(s),
                spec_url=spec_url(s, shown, titles, y_domain),
                table_url=table_url(s, shown),
            )
            html = render_to_string("core/_chart.html", {"chart": chart})
            fresh[keys[s.pk]] = html
            # The spec built for the words is the one the page will fetch next.
            fresh[spec_key(s, shown, titles, y_domain)] = orjson.dumps(built)
            out[s.pk] = mark_safe(html)
        cache.set_many(fresh, CACHE_SECONDS)
    return out


def without_points(queryset: QuerySet[Series]) -> QuerySet[Series]:
    """Series with what a dashboard needs, leaving the heavy points column out."""
    return queryset.select_related("metric", "metric__domain", "site", "ward").defer("spc_points")


def org_unit_url(series: Series) -> str:
    """The page of this series on its own: the metric at its org unit."""
    code = series.metric.code
    if series.level == "ward":
        return reverse("measurement:series_ward", args=[code, series.ward.code])
    if series.level == "site":
        return reverse("measurement:series_site", args=[code, series.site.code])
    return reverse("measurement:series_trust", args=[code])


def codes(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if v})
