"""``analyse``: the batch pipeline from input tables to the points and summary tables.

Pipeline (all steps vectorised over the whole batch):
inputs -> layout (factorise, one sort if needed, segments) -> centre and limits
per chart -> per-row lines -> side/outside/close masks -> rules on observed
rows -> point types -> icons and Anhøj figures -> Arrow tables in input order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import _kernel, attribute, icons
from ._arrow import array
from ._inputs import column, float_values, read_options, to_table, x_key
from ._names import CHARTS, RULE_COLUMNS, RULE_SETS
from ._segments import Layout, add_rebases, build_layout
from ._stats import baseline_mask
from .errors import SpcInputError, SpcOptionError
from .limits import Lines, run_lines, xmr_lines
from .rules import (
    Observed,
    RuleFlags,
    combine,
    observed,
    shift_rule,
    trend_rule,
    two_of_three_rule,
)
from .runs import anhoej

SHORT_SEGMENT = 12  # fewer observed points than this: trial limits

POINT_COLUMNS = (
    "series_id",
    "x",
    "y",
    "mean",
    "lpl",
    "upl",
    "special_cause_flag",
    "point_type",
    "lower_one_sigma",
    "upper_one_sigma",
    "lower_two_sigma",
    "upper_two_sigma",
    *RULE_COLUMNS,
    "segment",
    "short_segment",
    "target",
)
G_EXTRA_COLUMNS = ("limits_mean",)
SUMMARY_COLUMNS = (
    "series_id",
    "variation_icon",
    "assurance_icon",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "improvement_direction",
    "target",
    "n_points",
    "n_segments",
    "last_x",
    "last_mean",
    "last_lpl",
    "last_upl",
    "repeated_values",
)
# More than this share of zero moving ranges in a segment (a value carried
# over several periods, say) collapses XmR limits: the chart is not meaningful.
REPEATED_SHARE = 1 / 3


@dataclass(frozen=True)
class AnalysisResult:
    """The engine's answer: one row per input point and one row per series."""

    points: pa.Table
    summary: pa.Table
    chart: str = "xmr"
    rules: str = "mdc"
    meta: dict[str, Any] = field(default_factory=dict)

    def series_points(self, series_id: Any) -> pa.Table:
        """The points of one series, sorted by x (what a chart draws)."""
        ids = self.points.column("series_id")
        rows = self.points.filter(pc.equal(ids, pa.scalar(series_id, ids.type)))
        return rows.sort_by("x")

    def series_summary(self, series_id: Any) -> dict[str, Any]:
        """The summary row of one series as a dict."""
        ids = self.summary.column("series_id")
        rows = self.summary.filter(pc.equal(ids, pa.scalar(series_id, ids.type))).to_pylist()
        if not rows:
            raise KeyError(series_id)
        return rows[0]


def _bools(values: np.ndarray) -> pa.Array:
    """Bool Arrow column; np.packbits is ~10x faster than pa.array on a bool array."""
    return array(values)


def _f64(values: np.ndarray, maybe_nan: bool = True) -> pa.Array:
    """Float64 Arrow column, NaN -> null (the engine's "none")."""
    if maybe_nan:
        nan = np.isnan(values)
        if nan.any():
            return array(values, mask=nan)
    return array(values.astype(np.float64, copy=False))


def _lines_for(
    chart: str,
    layout: Layout,
    y: np.ndarray,
    num: np.ndarray | None,
    den: np.ndarray | None,
    base: np.ndarray | None,
    screen_seg: np.ndarray | None,
) -> Lines:
    if chart == "xmr":
        return xmr_lines(layout, y, base, screen_seg)
    if chart == "run":
        return run_lines(layout, y, base)
    if chart in attribute.RATIO_CHARTS:
        assert num is not None
        assert den is not None
        return attribute.ratio_lines(chart, layout, y, num, den, base)
    if chart == "c":
        return attribute.c_lines(layout, y, base)
    if chart == "g":
        return attribute.g_lines(layout, y, base)
    return attribute.t_lines(layout, y, base)


def analyse(
    points: Any,
    options: Any = None,
    chart: str = "xmr",
    *,
    rules: str | None = None,
) -> AnalysisResult:
    """Analyse every series in ``points`` at once.

    ``points`` has columns series_id, x and y (numerator and denominator for
    p, pp, u and up charts); ``options`` one row per series with any of
    improvement_direction, target, rebase, fix_after_n_points,
    screen_outliers. ``rules`` is "mdc" (default; "anhoej" for run charts).

    >>> import numpy as np
    >>> r = analyse({"series_id": np.zeros(3, int), "x": np.arange(3), "y": np.array([1.0, 2, 3])})
    >>> r.points.column("mean").to_pylist()
    [2.0, 2.0, 2.0]
    >>> r.summary.column("variation_icon").to_pylist()
    ['common_cause']
    """
    chart, rules = _chart_and_rules(chart, rules)
    table = to_table(points, "points")
    ratio = chart in attribute.RATIO_CHARTS
    values = _read_values(table, chart, ratio)
    layout = build_layout(values.ids, values.xkey)
    opts = read_options(options, layout.series_ids, values.x_type)
    add_rebases(layout, opts.rebase_series, opts.rebase_x, opts.rebase_row)
    order = layout.order
    y = values.y_in if order is None else values.y_in[order]
    num, den = values.num_in, values.den_in
    if order is not None and num is not None and den is not None:
        num, den = num[order], den[order]
    valid = None if values.all_finite else ~np.isnan(y)
    done = _segments(chart, rules, layout, opts, y, num, den, valid)
    summary = _summary(
        layout, opts, done.lines, done.codes, valid, done.runs, values.x_arr, done.repeated
    )
    return AnalysisResult(
        points=_points_table(values, layout, opts, done, valid is not None),
        summary=summary,
        chart=chart,
        rules=rules,
        meta={"sorted_input": order is None},
    )


def _chart_and_rules(chart: str, rules: str | None) -> tuple[str, str]:
    """The chart and rule set asked for, checked (run charts default to Anhøj's rules)."""
    chart = str(chart).lower()
    if chart not in CHARTS:
        raise SpcOptionError(f"unknown chart {chart!r}; use one of {', '.join(CHARTS)}")
    rules = ("anhoej" if chart == "run" else "mdc") if rules is None else str(rules).lower()
    if rules not in RULE_SETS:
        raise SpcOptionError(f"unknown rule set {rules!r}; use mdc or anhoej")
    return chart, rules


@dataclass
class _Values:
    """The points' columns as the engine reads them, in input order."""

    ids: Any
    x_arr: Any
    xkey: np.ndarray
    x_type: Any
    y_arr: Any  # the y column as given (None for ratio charts)
    y_in: np.ndarray
    num_in: np.ndarray | None
    den_in: np.ndarray | None
    all_finite: bool


def _read_values(table: pa.Table, chart: str, ratio: bool) -> _Values:
    """Check the points' columns and read them as float arrays (y = numerator / denominator)."""
    needed = ["series_id", "x", *(["numerator", "denominator"] if ratio else ["y"])]
    absent = [c for c in needed if c not in table.column_names]
    if absent:
        raise SpcInputError(f"missing column(s): {', '.join(absent)}", column=absent[0])
    ids = column(table, "series_id")
    x_arr = column(table, "x")
    xkey, x_type = x_key(x_arr)
    num_in = den_in = None
    y_arr = None
    if ratio:
        num_in = float_values(column(table, "numerator"), "numerator")
        den_in = float_values(column(table, "denominator"), "denominator")
        _refuse_infinite(num_in, "numerator")
        _refuse_infinite(den_in, "denominator")
        attribute.validate(chart, None, num_in, den_in)
        with np.errstate(invalid="ignore", divide="ignore"):
            y_in = num_in / den_in
    else:
        y_arr = column(table, "y")
        y_in = float_values(y_arr, "y")
        attribute.validate(chart, y_in, None, None)
    # One pass answers both "any missing?" and "any infinity?" in the usual case.
    all_finite = bool(np.isfinite(y_in).all())
    if not all_finite:
        _refuse_infinite(y_in, "y")
    return _Values(ids, x_arr, xkey, x_type, y_arr, y_in, num_in, den_in, all_finite)


@dataclass
class _Segments:
    """Limits, rule flags and point types of every segment, in layout order."""

    seg_lines: Any
    lines: Any
    runs: Any
    codes: np.ndarray
    seg_observed: np.ndarray
    flags: RuleFlags
    repeated: np.ndarray | None


def _segments(
    chart: str,
    rules: str,
    layout: Any,
    opts: Any,
    y: np.ndarray,
    num: np.ndarray | None,
    den: np.ndarray | None,
    valid: np.ndarray | None,
) -> _Segments:
    """Limits and rules of every segment: the compiled kernel where it applies, else NumPy."""
    seg_series = layout.seg_series
    fix_seg = opts.fix_after[seg_series] if opts.fix_after.any() else None
    screen_seg = opts.screen[seg_series] if chart == "xmr" and opts.screen.any() else None
    direction_seg = opts.direction[seg_series]
    if _kernel.applies(layout.n, chart, rules):
        done = _kernel.analyse_segments(
            chart, layout, y, valid is not None, fix_seg, screen_seg, direction_seg
        )
        flags = RuleFlags(
            done.astronomical, done.trend, done.two_of_three, done.shift, np.zeros(0, np.int8)
        )
        repeated: np.ndarray | None = None
        if chart == "xmr":
            repeated = (done.n_ranges >= 2) & (done.n_zero > REPEATED_SHARE * done.n_ranges)
        return _Segments(
            done.seg_lines, done.lines, done.runs, done.codes, done.seg_observed, flags, repeated
        )
    base = baseline_mask(layout, valid, fix_seg)
    seg_lines = _lines_for(chart, layout, y, num, den, base, screen_seg)
    del base
    lines = seg_lines.expanded(layout)
    obs = observed(layout.seg_start, valid)
    flags, runs, codes = _rules(rules, y, lines, obs, layout.n, direction_seg, layout)
    repeated = _repeated_values(obs, y) if chart in ("xmr", "t") else None
    return _Segments(seg_lines, lines, runs, codes, obs.seg_count, flags, repeated)


def _points_table(
    values: _Values, layout: Any, opts: Any, done: _Segments, any_missing: bool
) -> pa.Table:
    """The points table, one row per input point, back in input order."""
    to_in = layout.to_input_order
    n = layout.n
    y_arr = values.y_arr
    if y_arr is not None and not any_missing and pa.types.is_float64(y_arr.type):
        y_col: pa.Array = y_arr
    else:
        y_col = _f64(values.y_in)
    seg_lines, lines, flags = done.seg_lines, done.lines, done.flags
    per_seg_nan = {
        name: bool(np.isnan(getattr(seg_lines, name)).any()) if seg_lines.per_segment else True
        for name in ("cl", "lpl", "upl", "l1", "u1", "l2", "u2")
    }

    def line(name: str) -> pa.Array:
        return _f64(to_in(getattr(lines, name)), per_seg_nan[name])

    def flag(values: np.ndarray) -> pa.Array:
        return _bools(to_in(values))

    if layout.n_seg == layout.n_series:
        segment = np.zeros(n, np.int32)
    else:
        segment = to_in(layout.per_point(layout.seg_number))
    short = to_in(layout.per_point(done.seg_observed < SHORT_SEGMENT))
    if opts.any_target:
        target_col = _f64(to_in(layout.per_point(opts.target[layout.seg_series])))
    else:
        target_col = pa.nulls(n, pa.float64())

    columns: dict[str, pa.Array | pa.ChunkedArray] = {
        "series_id": values.ids,
        "x": values.x_arr,
        "y": y_col,
        "mean": line("cl"),
        "lpl": line("lpl"),
        "upl": line("upl"),
        "special_cause_flag": _bools(to_in(done.codes > 0)),
        "point_type": icons.dictionary_column(to_in(done.codes), icons.POINT_TYPES, any_missing),
        "lower_one_sigma": line("l1"),
        "upper_one_sigma": line("u1"),
        "lower_two_sigma": line("l2"),
        "upper_two_sigma": line("u2"),
        "rule_astronomical": flag(flags.astronomical),
        "rule_trend": flag(flags.trend),
        "rule_two_of_three": flag(flags.two_of_three),
        "rule_shift": flag(flags.shift),
        "segment": array(segment.astype(np.int32, copy=False)),
        "short_segment": _bools(short),
        "target": target_col,
    }
    if lines.limits_mean is not None:
        columns["limits_mean"] = _f64(to_in(lines.limits_mean))
    return pa.table(columns)


def _rules(
    rules: str,
    y: np.ndarray,
    lines: Lines,
    obs: Observed,
    n: int,
    direction_seg: np.ndarray,
    layout: Layout,
) -> tuple[RuleFlags, Any, np.ndarray]:
    """The NumPy path (the reference): rule flags per sorted row, runs per segment, point types."""
    with np.errstate(invalid="ignore"):
        side = (y > lines.cl).view(np.int8) - (y < lines.cl).view(np.int8)
        if lines.has_limits:
            outside = (y > lines.upl) | (y < lines.lpl)
            close = (y > lines.u2) | (y < lines.l2)
            close ^= outside  # outside implies beyond the two-sigma lines
        else:
            outside = close = np.zeros(n, bool)
    side_o = obs.compress(side)
    outside_o = obs.compress(outside)
    none_o = np.zeros(len(side_o), bool)
    if rules == "mdc":
        close_o = obs.compress(close)
        y_o = obs.compress(y)
        shift = shift_rule(side_o, obs.start)
        trend, trend_dir = trend_rule(y_o, obs.start)
        two = two_of_three_rule(close_o, side_o, obs.start) if lines.has_limits else none_o
        del y_o, close_o
        runs = anhoej(side_o, obs.seg_first, obs.seg_count)
    else:
        runs = anhoej(side_o, obs.seg_first, obs.seg_count, point_flags=True)
        assert runs.long_run_point is not None
        shift = runs.long_run_point
        trend, trend_dir, two = none_o, np.zeros(len(side_o), np.int8), none_o
    del close
    flags = combine(side_o, outside_o, trend, trend_dir, two, shift)

    improvement: np.ndarray | int
    if direction_seg.size and (direction_seg == direction_seg[0]).all():
        improvement = int(direction_seg[0])
    else:
        improvement = obs.compress(layout.per_point(direction_seg))
    codes = obs.expand(icons.point_type_codes(flags.direction, improvement), fill=-1)
    expanded = RuleFlags(
        obs.expand(flags.astronomical),
        obs.expand(flags.trend),
        obs.expand(flags.two_of_three),
        obs.expand(flags.shift),
        flags.direction,
    )
    return expanded, runs, codes


def _refuse_infinite(values: np.ndarray, name: str) -> None:
    bad = np.isinf(values)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise SpcInputError(f"{values[row]!r} is not a usable number", column=name, row=row)


def _repeated_values(obs: Any, y: np.ndarray) -> np.ndarray:
    """Per segment: are more than a third of its moving ranges zero?

    Moving ranges are taken between consecutive observed points of a segment,
    as the limits take them. A quarterly figure carried to each month makes two
    of every three zero, and limits from such ranges are far too narrow.
    """
    y_o = obs.compress(y)
    n_seg = len(obs.seg_count)
    if len(y_o) < 2:
        return np.zeros(n_seg, bool)
    pair_seg = np.repeat(np.arange(n_seg), obs.seg_count)[1:]
    in_segment = ~obs.start[1:]
    zero = (y_o[1:] == y_o[:-1]) & in_segment
    n_ranges = np.bincount(pair_seg[in_segment], minlength=n_seg)
    n_zero = np.bincount(pair_seg[zero], minlength=n_seg)
    return (n_ranges >= 2) & (n_zero > REPEATED_SHARE * n_ranges)


def _summary(
    layout: Layout,
    opts: Any,
    lines: Lines,
    codes: np.ndarray,
    valid: np.ndarray | None,
    runs: Any,
    x_arr: pa.Array,
    repeated: np.ndarray | None = None,
) -> pa.Table:
    """One row per series: icons from its last point, Anhøj figures of its last segment."""
    n_series = layout.n_series
    ends = layout.series_start[1:]
    last = ends - 1
    if valid is None:
        last_obs = last
    else:
        idx = np.where(valid, np.arange(layout.n), -1)
        last_obs = np.maximum.reduceat(idx, layout.series_start[:-1]) if layout.n else last
    last_type = np.where(last_obs >= 0, codes[np.maximum(last_obs, 0)], -1)
    direction = opts.direction
    variation = icons.variation_icon_codes(last_type, direction)
    if layout.n_seg == n_series:  # no rebase: segment i is series i
        last_seg = np.arange(n_series)
    else:
        last_seg = np.searchsorted(layout.seg_start, last, side="right") - 1
    # Limits at the series' last row (largest x), even if its y is missing.
    lpl, upl, cl = lines.lpl[last], lines.upl[last], lines.cl[last]
    assurance = icons.assurance_codes(opts.target, lpl, upl, direction)
    has = runs.has[last_seg]
    no = ~has

    def nint(values: np.ndarray) -> pa.Array:
        return array(values[last_seg].astype(np.int64), mask=no)

    last_rows = last if layout.order is None else layout.order[last]
    n_segments = np.bincount(layout.seg_series, minlength=n_series)
    return pa.table(
        {
            "series_id": layout.series_ids,
            "variation_icon": icons.dictionary_column(variation, icons.VARIATION_ICONS),
            "assurance_icon": icons.dictionary_column(assurance, icons.ASSURANCE_ICONS),
            # qicharts2 reports 0 useful observations when every point is on
            # the centre line (or there is one point); the other figures are empty.
            "n_useful": array(runs.n_useful[last_seg].astype(np.int64)),
            "longest_run": nint(runs.longest_run),
            "longest_run_max": nint(runs.longest_run_max),
            "n_crossings": nint(runs.n_crossings),
            "n_crossings_min": nint(runs.n_crossings_min),
            "runs_signal": array(runs.signal[last_seg]),
            "improvement_direction": icons.dictionary_column(
                direction.astype(np.int64) + 1, icons.DIRECTION_NAMES
            ),
            "target": _f64(opts.target),
            "n_points": array(np.diff(layout.series_start).astype(np.int64)),
            "n_segments": array(n_segments.astype(np.int64)),
            "last_x": x_arr.take(array(np.asarray(last_rows, np.int64))),
            "last_mean": _f64(cl),
            "last_lpl": _f64(lpl),
            "last_upl": _f64(upl),
            "repeated_values": array(
                repeated[last_seg] if repeated is not None else np.zeros(n_series, bool)
            ),
        }
    )
