"""Vega-Lite specs and rendered images for SPC charts, in the Making Data Count style.

`series_spec` turns one series of an analysis result into a Vega-Lite v5 spec
(a plain, JSON-serialisable dict); the browser renders it with vega-embed and
`spec_to_svg` / `spec_to_png` render the same spec server-side through
vl-convert for PDFs and the CLI. No Django here, and no engine import: the
result is duck-typed (anything with ``.points`` and ``.summary``), so the
engine can import this module without a cycle.

The look follows NHS England's Making Data Count: a grey data line, points
coloured by what they mean (grey common cause, orange concern, blue
improvement, purple neutral special cause), a solid mean, dashed process
limits, a distinct target line, and limits drawn per rebased segment.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from qls.spc._names import RULE_LABELS
from qls.spc.icons_svg import (
    ASSURANCE_ICONS,
    BLUE,
    GREY,
    ICON_LABELS,
    INK,
    ORANGE,
    PURPLE,
    TARGET_RED,
    VARIATION_ICONS,
    assurance_icon_svg,
    variation_icon_svg,
)

__all__ = [
    "ASSURANCE_ICONS",
    "ICON_LABELS",
    "POINT_TYPE_COLOURS",
    "POINT_TYPE_LABELS",
    "VARIATION_ICONS",
    "VEGA_LITE_VERSION",
    "assurance_icon_svg",
    "event_key",
    "series_spec",
    "series_svg",
    "spec_to_png",
    "spec_to_svg",
    "variation_icon_svg",
]

# One pinned Vega-Lite version for both vl-convert and the browser bundle, so
# a chart looks the same on screen and in a PDF.
VEGA_LITE_VERSION = "5.21"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.21.json"
DEFAULT_WIDTH = 720
NARROW = 600  # below this width (pixels) the legend takes two columns

POINT_TYPE_LABELS: dict[str, str] = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause \u2013 improvement",
    "special_cause_concern": "Special cause \u2013 concern",
    "special_cause_neutral_high": "Special cause \u2013 neutral (high)",
    "special_cause_neutral_low": "Special cause \u2013 neutral (low)",
}
POINT_TYPE_COLOURS: dict[str, str] = {
    "common_cause": GREY,
    "special_cause_improvement": BLUE,
    "special_cause_concern": ORANGE,
    "special_cause_neutral_high": PURPLE,
    "special_cause_neutral_low": PURPLE,
}
# Shape as well as colour, so the meaning survives colour blindness and
# greyscale printing (WCAG 1.4.1).
POINT_TYPE_SHAPES: dict[str, str] = {
    "common_cause": "circle",
    "special_cause_improvement": "diamond",
    "special_cause_concern": "square",
    "special_cause_neutral_high": "triangle-up",
    "special_cause_neutral_low": "triangle-down",
}

MEAN_COLOUR = "#231F20"
LIMIT_COLOUR = "#768692"  # NHS mid grey: lighter than the mean, darker than the data
EVENT_COLOUR = "#005EB8"  # NHS blue
TRIAL_NOTE = "Trial limits (fewer than 12 points)"
EVENT_ROW = 12  # pixels between the two staggered rows of event labels
ICON_SIZE = 40


# --- turning input rows into plain JSON values --------------------------------


def _rows(points: Any, series_id: Any) -> list[dict[str, Any]]:
    """The rows of one series as dicts, from a pyarrow Table or dict records."""
    if hasattr(points, "column_names") and hasattr(points, "filter"):
        import pyarrow.compute as pc  # only needed for tables; keeps import light

        table = points.filter(pc.equal(points["series_id"], series_id))
        rows: list[dict[str, Any]] = table.to_pylist()
    elif hasattr(points, "to_dict") and hasattr(points, "columns"):  # a pandas DataFrame
        rows = [r for r in points.to_dict("records") if r.get("series_id") == series_id]
    else:
        rows = [dict(r) for r in points if r.get("series_id") == series_id]
    if not rows:
        raise ValueError(f"series {series_id!r} has no points")
    return rows


def _num(value: Any) -> float | None:
    """A float, or None for missing/NaN/inf (JSON has no NaN)."""
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _flag(value: Any) -> bool:
    """True only for a real true: a missing rule flag (None or a pandas NaN) is false."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _x_json(value: Any) -> Any:
    """Dates as ISO dates, datetimes as ISO UTC instants, integers as ints.

    Datetimes go out with a ``Z`` and the x scale is UTC, so the axis shows the
    wall-clock time that went in whatever the viewer's time zone (a date-only
    ISO string is already read as UTC midnight by Vega).
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if hasattr(value, "item"):  # a NumPy scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _x_label(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10:
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        day = f"{value.day} {value:%b %Y}"
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            return f"{day} {value:%H:%M}"
        return day
    return str(_x_json(value))


def _is_temporal(values: Iterable[Any]) -> bool:
    for v in values:
        if v is not None:
            return isinstance(v, dt.date | str)
    return False


def _sort_key(value: Any) -> Any:
    # datetimes and dates don't compare with each other; in one series they
    # are all one kind, so comparing the JSON form keeps ordering stable.
    return _x_json(value)


def _chart_rows(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fields the spec needs, one dict per point, sorted by x."""
    raw = sorted(raw, key=lambda r: _sort_key(r["x"]))
    out: list[dict[str, Any]] = []
    run = 0
    prev_segment: Any = None
    prev_missing = False
    for r in raw:
        y = _num(r.get("y"))
        segment = r.get("segment", 0)
        segment = 0 if segment is None else int(segment)
        # A new run of the data line starts after a gap or at a rebase, so the
        # line never bridges a missing value.
        if out and (prev_missing or segment != prev_segment):
            run += 1
        prev_missing, prev_segment = y is None, segment
        point_type = r.get("point_type") if y is not None else None
        rules = [text for col, text in RULE_LABELS.items() if _flag(r.get(col))]
        label = POINT_TYPE_LABELS.get(point_type or "", "No value")
        out.append(
            {
                "x": _x_json(r["x"]),
                "x_label": _x_label(r["x"]),
                "y": y,
                "mean": _num(r.get("mean")),
                "lpl": _num(r.get("lpl")),
                "upl": _num(r.get("upl")),
                "target": _num(r.get("target")),
                "segment": segment,
                "short_segment": bool(r.get("short_segment") or False),
                "run": run,
                "point_type": point_type,
                "point_label": label,
                "rules": "; ".join(rules).capitalize() if rules else "None",
            }
        )
    return out


def _summary_row(summary: Any, series_id: Any) -> dict[str, Any]:
    """Accept a summary mapping, a pyarrow summary table, or None."""
    if summary is None:
        return {}
    if isinstance(summary, Mapping):
        return dict(summary)
    try:
        return _rows(summary, series_id)[0]
    except ValueError:  # a summary without this series: draw without icons
        return {}


def _fmt(value: float | None) -> str:
    return "none" if value is None else f"{value:,.4g}"


# --- the spec -----------------------------------------------------------------


def _x_encoding(
    temporal: bool,
    title: str | None = None,
    *,
    years: bool = False,
    labels: list[str] | None = None,
) -> dict[str, Any]:
    """The x channel: dates (with the year once a chart spans more than one), or point numbers.

    ``labels`` turns a point-number axis into an event-order axis whose ticks
    read as the events' dates (the g chart: one point per event, evenly spaced).
    """
    if temporal:
        axis: dict[str, Any] = {"title": title, "grid": False, "labelOverlap": True}
        # Vega's default labels name the year only at January; a chart over
        # several years then reads as one. Name it on every label instead.
        axis["format"] = "%b %Y" if years else "%-d %b"
        return {
            "field": "x",
            "type": "temporal",
            # padding keeps the first and last points off the axis lines.
            "scale": {"type": "utc", "padding": 10},
            "axis": axis,
        }
    axis = {"title": title, "grid": False, "format": "d", "tickMinStep": 1}
    if labels is not None:
        # Ticks are event numbers 1..n; show each one's date instead.
        axis["labelExpr"] = (
            f"{json.dumps(['', *labels])}[datum.value] || ''"  # positions outside 1..n: no label
        )
        axis["labelOverlap"] = True
        axis["labelAngle"] = -30
        axis["labelAlign"] = "right"
    return {
        "field": "x",
        "type": "quantitative",
        "scale": {"zero": False, "nice": False, "padding": 10},
        "axis": axis,
    }


def _spans_years(rows: list[dict[str, Any]]) -> bool:
    """True when the dated points span more than one year."""
    xs = [r["x"] for r in rows if isinstance(r["x"], str)]
    if len(xs) < 2:
        return False
    try:
        first, last = dt.date.fromisoformat(xs[0][:10]), dt.date.fromisoformat(xs[-1][:10])
    except ValueError:  # not ISO dates: the axis is not a time scale to label
        return False
    return (last - first).days > 366 or first.year != last.year


def _y_scale(rows: list[dict[str, Any]], floor: float | None) -> dict[str, Any]:
    """Fit the data, but never extend below the floor (no negative counts on the axis)."""
    scale: dict[str, Any] = {"zero": False, "padding": 8}
    if floor is None:
        return scale
    drawn = [r[k] for r in rows for k in ("y", "lpl", "upl", "mean", "target") if r[k] is not None]
    if not drawn:
        return scale
    low, high = min(drawn), max(drawn)
    # Padding would push the axis below the floor when the data come near it.
    if low - floor <= 0.1 * (high - low) + 1e-12:
        return {"zero": False, "domainMin": floor, "nice": True}
    return scale


def _apply_floor(rows: list[dict[str, Any]], floor: float | None) -> float | None:
    """Draw limits no lower than ``floor`` (zero for counts, rates, proportions, days).

    The method draws a lower limit that falls below zero at zero: a count can
    not be negative. Applied only when every observed value is at or above
    the floor, so a series that can go negative (a gap, a change) is left as
    it is. Returns the floor in force, or None.
    """
    if floor is None:
        return None
    if any(r["y"] is not None and r["y"] < floor for r in rows):
        return None
    for r in rows:
        for key in ("lpl", "mean", "target"):
            if r[key] is not None and r[key] < floor:
                r[key] = floor
    return floor


def _line_layer(name: str, field: str, **mark: Any) -> dict[str, Any]:
    return {
        "name": name,
        "transform": [{"filter": f"isValid(datum.{field})"}],
        "mark": {"type": "line", "aria": False, **mark},
        "encoding": {
            "y": {"field": field, "type": "quantitative"},
            "detail": {"field": "segment", "type": "ordinal"},
        },
    }


def event_key(events: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """The numbered key of a chart's events, in date order: number, full label, kind, date.

    The chart draws only each event's number at its marker, so labels never
    overlap, run off the edge or get cut; the key beside (or under) the chart
    lists every event's full title. Pages, posters and PDFs show the same key.

    >>> [(e["number"], e["label"]) for e in event_key([
    ...     {"x": dt.date(2025, 3, 1), "label": "PDSA 2: huddle", "kind": "pdsa"},
    ...     {"x": dt.date(2025, 1, 6), "label": "PDSA 1: checklist", "kind": "pdsa"}])]
    [(1, 'PDSA 1: checklist'), (2, 'PDSA 2: huddle')]
    """
    ordered = sorted(events or (), key=lambda e: _sort_key(e["x"]))
    return [
        {
            "number": i,
            "label": str(e.get("label") or e.get("kind") or "event"),
            "kind": str(e.get("kind") or "event"),
            "x": _x_json(e["x"]),
            "x_label": _x_label(e["x"]),
        }
        for i, e in enumerate(ordered, start=1)
    ]


def _event_layers(
    events: Sequence[Mapping[str, Any]], temporal: bool, x: dict[str, Any]
) -> list[dict[str, Any]]:
    values = []
    for i, e in enumerate(events):
        values.append(
            {
                "x": e.get("position", e["x"]),
                "x_label": e["x_label"],
                "label": f"{e['number']}. {e['label']}",
                "number": str(e["number"]),
                "kind": e["kind"],
                # Stagger numbers over two rows so events close together stay legible.
                "row": i % 2,
            }
        )
    rule = {
        "name": "events",
        "data": {"values": values},
        "mark": {"type": "rule", "color": EVENT_COLOUR, "strokeWidth": 1.5, "strokeDash": [2, 3]},
        "encoding": {
            "x": x,
            "y": {"value": -3 - EVENT_ROW - 10},
            "y2": {"value": "height"},
            "tooltip": [
                {"field": "label", "title": "Event"},
                {"field": "kind", "title": "Kind"},
                {"field": "x_label", "title": "Date" if temporal else "Point"},
            ],
            "description": {"field": "label"},
        },
    }
    text = {
        "name": "event_labels",
        "data": {"values": values},
        "mark": {
            "type": "text",
            "align": "center",
            "baseline": "bottom",
            "fontSize": 11,
            "fontWeight": "bold",
            "color": EVENT_COLOUR,
            "aria": False,
        },
        "encoding": {
            "x": x,
            # No scale: the row becomes pixels above the plot, where labels
            # can't hide data points or the trial-limits note.
            "y": {"field": "row_px", "type": "quantitative", "scale": None},
            "text": {"field": "number"},
        },
        "transform": [{"calculate": f"-3 - datum.row * {EVENT_ROW}", "as": "row_px"}],
    }
    return [rule, text]


def _trial_layer(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    starts: dict[int, dict[str, Any]] = {}
    for r in rows:
        if r["short_segment"] and r["segment"] not in starts and r["upl"] is not None:
            starts[r["segment"]] = {"x": r["x"], "upl": r["upl"], "note": TRIAL_NOTE}
    if not starts:
        return None
    return {
        "name": "trial_labels",
        "data": {"values": list(starts.values())},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "bottom",
            "dy": -3,
            "fontSize": 10,
            "fontStyle": "italic",
            "color": INK,
        },
        "encoding": {
            "y": {"field": "upl", "type": "quantitative"},
            "text": {"field": "note"},
        },
    }


def _icon_layer(summary: Mapping[str, Any], above: int) -> dict[str, Any] | None:
    """The variation and assurance icons in the top right, as MDC charts show them."""
    icons: list[dict[str, Any]] = []
    for column, draw in (
        ("variation_icon", variation_icon_svg),
        ("assurance_icon", assurance_icon_svg),
    ):
        name = summary.get(column)
        if name and name in ICON_LABELS:
            svg = draw(name, size=ICON_SIZE)
            url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
            icons.append({"url": url, "label": ICON_LABELS[name]})
    if not icons:
        return None
    for i, icon in enumerate(icons):
        icon["slot"] = len(icons) - 1 - i
    return {
        "name": "icons",
        "data": {"values": icons},
        "transform": [
            {"calculate": f"width - {ICON_SIZE // 2} - datum.slot * {ICON_SIZE + 4}", "as": "px"}
        ],
        "mark": {"type": "image", "width": ICON_SIZE, "height": ICON_SIZE, "aria": False},
        "encoding": {
            "url": {"field": "url", "type": "nominal"},
            "x": {"field": "px", "type": "quantitative", "scale": None},
            "y": {"value": -above - ICON_SIZE // 2 - 4},
            "tooltip": {"field": "label"},
        },
    }


def _description(
    title: str, rows: list[dict[str, Any]], summary: Mapping[str, Any], temporal: bool
) -> str:
    observed = [r for r in rows if r["y"] is not None]
    counts: dict[str, int] = {}
    for r in observed:
        counts[r["point_type"] or ""] = counts.get(r["point_type"] or "", 0) + 1
    special = {k: v for k, v in counts.items() if k and k != "common_cause"}
    span = f" from {rows[0]['x_label']} to {rows[-1]['x_label']}" if temporal else ""
    parts = [f"Statistical process control chart of {title}: {len(observed)} points{span}."]
    last = rows[-1]
    parts.append(
        f"Latest mean {_fmt(last['mean'])}, process limits {_fmt(last['lpl'])} "
        f"to {_fmt(last['upl'])}."
    )
    if last["target"] is not None:
        parts.append(f"Target {_fmt(last['target'])}.")
    if special:
        listed = ", ".join(f"{n} {POINT_TYPE_LABELS[k].lower()}" for k, n in special.items())
        parts.append(f"Special cause points: {listed}.")
    else:
        parts.append("No special cause variation.")
    segments = len({r["segment"] for r in rows})
    if segments > 1:
        parts.append(f"Limits rebased into {segments} segments.")
    for column in ("variation_icon", "assurance_icon"):
        name = summary.get(column)
        if name in ICON_LABELS:
            parts.append(ICON_LABELS[name] + ".")
    return " ".join(parts)


def series_spec(
    points: Any,
    series_id: Any,
    *,
    title: str | None = None,
    y_label: str | None = None,
    events: Sequence[Mapping[str, Any]] | None = None,
    summary: Any = None,
    width: int | str | None = None,
    height: int = 300,
    draw_icons: bool = True,
    floor: float | None = 0.0,
    event_order: bool = False,
) -> dict[str, Any]:
    """Build a Making Data Count style Vega-Lite v5 spec for one series.

    ``points`` is an analysis result's ``points`` table (pyarrow) or a list of
    dicts with the same columns; only the rows of ``series_id`` are drawn.
    ``events`` are ``{"x", "label", "kind"}`` dicts drawn as vertical rules
    (PDSA cycles, stage changes, rebases). ``summary`` is the series' summary
    row (a mapping) or the whole summary table; when given, its icons are
    drawn in the top right (unless ``draw_icons`` is false, for a page that
    shows them beside the chart) and named in the description. ``width`` may be
    ``"container"`` for a responsive browser chart. The result contains only
    JSON values: dates as ISO strings, missing numbers as ``None``.

    Events are drawn as numbered markers; ``event_key(events)`` gives the key
    that lists each number's full label. ``floor`` (zero by default) is the
    lowest value the chart draws: a lower limit below it is drawn at it, and
    the axis does not go below it; it is ignored when the data go below it,
    and ``None`` turns it off. ``event_order`` plots one point per event,
    evenly spaced, with the dates as axis labels (the g chart).

    >>> rows = [
    ...     {"series_id": "a", "x": i, "y": float(v), "mean": 5.0, "lpl": 1.0,
    ...      "upl": 9.0, "point_type": "common_cause", "segment": 0}
    ...     for i, v in enumerate([4, 6, 5, 5])
    ... ]
    >>> spec = series_spec(rows, "a", title="Falls per 1,000 bed days")
    >>> spec["title"]["text"], [layer["name"] for layer in spec["layer"]][:3]
    ('Falls per 1,000 bed days', ['limits', 'mean', 'data_line'])
    """
    rows = _chart_rows(_rows(points, series_id))
    summary_row = _summary_row(summary, series_id)
    temporal = _is_temporal(r["x"] for r in rows)
    title = title or str(series_id)
    floor = _apply_floor(rows, floor)
    keyed = event_key(events)
    x_labels: list[str] | None = None
    description_temporal = temporal
    if event_order and temporal:
        x_labels = _order_by_event(rows, keyed)
        temporal = False
    x_encoding = _x_encoding(
        temporal,
        ("Date" if temporal else "Event (by date)" if x_labels else "Point"),
        years=temporal and _spans_years(rows),
        labels=x_labels,
    )

    colour, shape = _point_encodings(rows, width)

    layers: list[dict[str, Any]] = [
        _limits_layer(),
        _line_layer("mean", "mean", color=MEAN_COLOUR, strokeWidth=1.5),
        *_target_layers(rows),
        _data_line_layer(),
        _points_layer(rows, description_temporal, colour, shape),
    ]
    trial = _trial_layer(rows)
    if trial:
        layers.append(trial)
    if keyed:
        layers.extend(_event_layers(keyed, temporal, x_encoding))
    # Pixels above the plot taken by event labels; the icons and title sit above those.
    above = 2 * EVENT_ROW + 6 if events else 0
    icons = _icon_layer(summary_row, above) if draw_icons else None
    if icons:
        layers.append(icons)

    return {
        "$schema": SCHEMA,
        "title": _title(title, with_icons=bool(icons)),
        "description": _description(title, rows, summary_row, description_temporal),
        "width": DEFAULT_WIDTH if width is None else width,
        "height": height,
        "autosize": {"type": "fit", "contains": "padding"},
        "data": {"values": rows},
        "encoding": {
            "x": x_encoding,
            "y": {"type": "quantitative", "scale": _y_scale(rows, floor), "title": y_label},
        },
        "layer": layers,
        "config": _config(),
    }


def _title(text: str, *, with_icons: bool) -> dict[str, Any]:
    return {
        "text": text,
        "anchor": "start",
        "fontSize": 16,
        "color": INK,
        # Vega puts a title above all marks, icons included; dy moves it
        # back down so it shares the icons' row instead of wasting one.
        "offset": 4,
        "dy": ICON_SIZE - 8 if with_icons else 0,
    }


def _config() -> dict[str, Any]:
    return {
        "font": "Arial, Helvetica, sans-serif",
        "view": {"stroke": None},
        "axis": {"labelColor": INK, "titleColor": INK, "domainColor": LIMIT_COLOUR},
        "legend": {"labelColor": INK, "labelFontSize": 12, "symbolSize": 80},
    }


def _limits_layer() -> dict[str, Any]:
    """The process limits, dashed, one line per limit and segment."""
    return {
        "name": "limits",
        "transform": [
            {"fold": ["lpl", "upl"], "as": ["limit", "limit_value"]},
            {"filter": "isValid(datum.limit_value)"},
        ],
        "mark": {
            "type": "line",
            "color": LIMIT_COLOUR,
            "strokeDash": [6, 4],
            "strokeWidth": 1.5,
            "aria": False,
        },
        "encoding": {
            "y": {"field": "limit_value", "type": "quantitative"},
            "detail": [
                {"field": "segment", "type": "ordinal"},
                {"field": "limit", "type": "nominal"},
            ],
        },
    }


def _data_line_layer() -> dict[str, Any]:
    """The grey line joining the values (a missing value breaks it)."""
    return {
        "name": "data_line",
        "transform": [{"filter": "isValid(datum.y)"}],
        "mark": {"type": "line", "color": GREY, "strokeWidth": 2, "aria": False},
        "encoding": {
            "y": {"field": "y", "type": "quantitative"},
            "detail": {"field": "run", "type": "ordinal"},
        },
    }


def _point_encodings(
    rows: list[dict[str, Any]], width: int | str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Colour and shape by point type, for the types present (they share one legend)."""
    present = [k for k in POINT_TYPE_LABELS if any(r["point_type"] == k for r in rows)]
    colour = {
        "field": "point_label",
        "type": "nominal",
        "scale": {
            "domain": [POINT_TYPE_LABELS[k] for k in present],
            "range": [POINT_TYPE_COLOURS[k] for k in present],
        },
        "legend": {
            "title": None,
            "orient": "bottom",
            "direction": "horizontal",
            # Vega legends don't wrap: a narrow chart gets a two-column grid
            # rather than labels cut off at the right edge.
            "columns": 2 if isinstance(width, int) and width < NARROW else len(present),
            "labelLimit": 260,
        },
    }
    shape = {
        "field": "point_label",
        "type": "nominal",
        "scale": {
            "domain": [POINT_TYPE_LABELS[k] for k in present],
            "range": [POINT_TYPE_SHAPES[k] for k in present],
        },
        # No legend of its own: colour and shape share a field, so VL merges them.
    }

    return colour, shape


def _target_layers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The target line (one across rebases) and its label at the last target, if any."""
    if not any(r["target"] is not None for r in rows):
        return []
    line = _line_layer(
        "target", "target", color=TARGET_RED, strokeWidth=2, strokeDash=[10, 3, 2, 3]
    )
    line["encoding"].pop("detail")  # a target spans rebases
    last = next(r for r in reversed(rows) if r["target"] is not None)
    label = {
        "name": "target_label",
        "data": {"values": [{"x": last["x"], "target": last["target"]}]},
        "mark": {
            "type": "text",
            "text": "Target",
            "align": "right",
            "baseline": "bottom",
            "dy": -3,
            "fontSize": 10,
            "fontWeight": "bold",
            "color": TARGET_RED,
            "aria": False,
        },
        "encoding": {"y": {"field": "target", "type": "quantitative"}},
    }
    return [line, label]


def _points_layer(
    rows: list[dict[str, Any]], temporal: bool, colour: dict[str, Any], shape: dict[str, Any]
) -> dict[str, Any]:
    """The points, coloured and shaped by their type, with a tooltip and a screen-reader text."""
    tooltip = [
        {"field": "x_label", "title": "Date" if temporal else "Point"},
        {"field": "y", "type": "quantitative", "title": "Value", "format": ",.6~r"},
        {"field": "point_label", "title": "Variation"},
        {"field": "rules", "title": "Rules that fired"},
        {"field": "mean", "type": "quantitative", "title": "Mean", "format": ",.6~r"},
        {"field": "lpl", "type": "quantitative", "title": "Lower limit", "format": ",.6~r"},
        {"field": "upl", "type": "quantitative", "title": "Upper limit", "format": ",.6~r"},
    ]
    if any(r["target"] is not None for r in rows):
        tooltip.append(
            {"field": "target", "type": "quantitative", "title": "Target", "format": ",.6~r"}
        )
    return {
        "name": "points",
        "transform": [
            {"filter": "isValid(datum.y)"},
            {
                "calculate": "datum.x_label + ': ' + format(datum.y, ',.6~r') + ', '"
                " + datum.point_label",
                "as": "aria_text",
            },
        ],
        "mark": {"type": "point", "filled": True, "opacity": 1, "size": 55},
        "encoding": {
            "y": {"field": "y", "type": "quantitative"},
            "color": colour,
            "shape": shape,
            "tooltip": tooltip,
            "description": {"field": "aria_text"},
        },
    }


def _order_by_event(rows: list[dict[str, Any]], keyed: list[dict[str, Any]]) -> list[str]:
    """Plot one point per event, evenly spaced; returns the dates as axis labels."""
    labels = [r["x_label"] for r in rows]
    for e in keyed:
        # Drawn between the last event before it and the first on or after it.
        before = sum(1 for r in rows if _sort_key(r["x"]) < e["x"])
        e["position"] = before + 0.5
    for i, r in enumerate(rows, start=1):
        r["x"] = i
    return labels


# --- rendering ----------------------------------------------------------------


def _renderable(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A copy the headless renderer can size: it has no container to fit."""
    out = dict(spec)
    if out.get("width") == "container":
        out["width"] = DEFAULT_WIDTH
    return out


def spec_to_svg(spec: Mapping[str, Any]) -> str:
    """Render a Vega-Lite spec to an SVG string with the pinned Vega-Lite."""
    import vl_convert  # lazy: a heavy native module, only needed to render

    return str(vl_convert.vegalite_to_svg(_renderable(spec), vl_version=VEGA_LITE_VERSION))


def spec_to_png(spec: Mapping[str, Any], scale: float = 2) -> bytes:
    """Render a Vega-Lite spec to PNG bytes; ``scale=2`` suits print and retina."""
    import vl_convert

    png: bytes = vl_convert.vegalite_to_png(
        _renderable(spec), vl_version=VEGA_LITE_VERSION, scale=scale
    )
    return png


def series_svg(result: Any, series_id: Any, **kwargs: Any) -> str:
    """Render one series of an analysis result to SVG (used by ``qls spc --svg``).

    ``result`` needs ``.points`` and, optionally, ``.summary``; other keyword
    arguments go to `series_spec`.
    """
    kwargs.setdefault("summary", getattr(result, "summary", None))
    return spec_to_svg(series_spec(result.points, series_id, **kwargs))
