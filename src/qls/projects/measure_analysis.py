"""One project measure, analysed once: the chart, the evidence and the download agree.

``analyse_measure`` reads the measure's rows and its project's adoptions
once, and makes one ``qls.spc.analyse`` call holding every series the
measure needs:

* the chart as shown, its limits fixed on the baseline before the first
  adopted change and recalculated from each period the coach approved;
* when recalculations were approved, the same data without them: the
  evidence rule asks whether the change moved the process away from how it
  was before, so it judges on limits the change did not reset;
* for each adoption, the data before it alone, so the evidence rule can ask
  whether an improvement run was already a signal before the change.

The measure chart, the evidence finder, the recalculation proposal and the
CSV download all read the one :class:`MeasureAnalysis`, so the blue points
on the chart are exactly the ones the evidence sentence speaks of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qls.projects.evidence import (
    IMPROVEMENT,
    Adoption,
    Finding,
    Point,
    evidence_window,
    find_evidence,
)
from qls.projects.measure_inputs import adoptions, measure_rows
from qls.projects.models import Measure
from qls.projects.paste import Row
from qls.projects.recalculation import approved_periods
from qls.spc import RULE_COLUMNS, SpcInputError, analyse, scaling

# Fewer points than this before the first adopted change: limits come from the
# whole series. With at least this many, the limits are fixed on the baseline
# before the change, so later points are judged against how things were.
MIN_BASELINE = 12
MIN_POINTS = 2
JUDGED = -1  # engine series id of the data without approved recalculations


class NotEnoughData(Exception):
    """The measure has too few points for an SPC chart."""


@dataclass(frozen=True)
class MeasureAnalysis:
    """What the one engine call says about a measure.

    ``rows`` are the chart's point rows as shown (display units);
    ``points`` their types and rules; ``judged_points`` the same data
    without approved recalculations, as the evidence rule judges it;
    ``improving_before`` answers, per adoption date, whether the data before
    it alone already ended in special cause improvement.
    """

    measure: Measure
    data: tuple[Row, ...]
    adopted: tuple[Adoption, ...]
    rows: list[dict[str, Any]]
    summary: dict[str, Any]
    baseline_fixed: int | None  # points the limits were fixed on, if fixed
    points: tuple[Point, ...] = ()
    judged_points: tuple[Point, ...] = ()
    recalculated_from: tuple[dt.date, ...] = ()  # approved, in the series
    improving_before: Mapping[dt.date, bool] | None = None

    @property
    def segment_start(self) -> dt.date | None:
        """First period of the last segment: the limits assurance is judged on."""
        if not self.rows:
            return None
        last = self.rows[-1].get("segment")
        return next(r["x"] for r in self.rows if r.get("segment") == last)

    @property
    def variation_icon(self) -> str | None:
        return self.summary.get("variation_icon")

    @property
    def assurance_icon(self) -> str | None:
        return self.summary.get("assurance_icon")

    @property
    def improvement_points(self) -> int:
        return sum(1 for p in self.points if p.point_type == IMPROVEMENT)

    def finding(self) -> Finding | None:
        """The evidence of improvement this analysis shows (None when there is none)."""
        before = self.improving_before or {}
        return find_evidence(
            self.judged_points,
            self.adopted,
            direction=self.measure.improvement_direction,
            improving_before=lambda adoption: before.get(adoption.on, False),
            window=evidence_window(),
        )


def analyse_measure(
    measure: Measure,
    rows: Sequence[Row] | None = None,
    adopted: Sequence[Adoption] | None = None,
    recalculate_from: Sequence[dt.date] | None = None,
) -> MeasureAnalysis:
    """Run qls.spc once on one measure (``NotEnoughData`` below two points).

    ``rows``, ``adopted`` and ``recalculate_from`` (the periods the coach
    approved recalculating the limits from, each starting a new segment)
    default to what the database holds; pass them to analyse many measures
    without a query each.
    """
    rows = tuple(measure_rows(measure) if rows is None else rows)
    if len(rows) < MIN_POINTS:
        raise NotEnoughData(f"{measure.name} needs at least {MIN_POINTS} periods of data")
    adopted = tuple(adoptions(measure.project) if adopted is None else adopted)
    if recalculate_from is None:
        recalculate_from = approved_periods(measure) if measure.pk else []
    shown = measure.pk or 0
    periods = {r.period for r in rows}
    first_period = min(periods)
    rebase = tuple(sorted(p for p in recalculate_from if p in periods and p > first_period))
    baseline = None
    if adopted:
        before = sum(1 for r in rows if r.period < adopted[0].on)
        baseline = before if before >= MIN_BASELINE else None
    batch = _Batch(measure)
    batch.add(shown, rows, rebase=list(rebase), fix=baseline)
    if rebase:
        batch.add(JUDGED, rows, rebase=[], fix=baseline)
    priors = _prior_ids(measure, rows, adopted)
    for on, series_id in priors.items():
        batch.add(series_id, [r for r in rows if r.period < on], rebase=[], fix=None)
    result = batch.run()
    point_rows = result.series_points(shown).to_pylist()
    summary = result.series_summary(shown)
    scaling.rows_to_display(point_rows, batch.by)
    scaling.rows_to_display([summary], batch.by, scaling.SCALED_SUMMARY_COLUMNS)
    points = _points(point_rows)
    judged = _points(result.series_points(JUDGED).to_pylist()) if rebase else points
    improving = {}
    for on, series_id in priors.items():
        prior = result.series_points(series_id).column("point_type").to_pylist()
        improving[on] = bool(prior) and prior[-1] == IMPROVEMENT
    return MeasureAnalysis(
        measure, rows, adopted, point_rows, summary, baseline, points, judged, rebase, improving
    )


def evaluate(
    measure: Measure,
    rows: Sequence[Row] | None = None,
    adopted: Sequence[Adoption] | None = None,
) -> Finding | None:
    """The evidence finding for one measure (None when there is none); nothing is written."""
    if measure.improvement_direction not in ("increase", "decrease"):
        return None
    adopted = adoptions(measure.project) if adopted is None else adopted
    if not adopted:
        return None
    try:
        return analyse_measure(measure, rows, adopted, recalculate_from=()).finding()
    except (NotEnoughData, SpcInputError):
        return None


def _prior_ids(
    measure: Measure, rows: Sequence[Row], adopted: Sequence[Adoption]
) -> dict[dt.date, int]:
    """Engine series ids for the data before each adoption, where evidence may ask."""
    if measure.improvement_direction not in ("increase", "decrease"):
        return {}
    dates = sorted({a.on for a in adopted})
    wanted = [d for d in dates if sum(1 for r in rows if r.period < d) >= MIN_POINTS]
    return {d: JUDGED - 1 - i for i, d in enumerate(wanted)}


def _points(point_rows: list[dict[str, Any]]) -> tuple[Point, ...]:
    return tuple(
        Point(
            period=r["x"],
            point_type=r.get("point_type"),
            rules=tuple(k for k in RULE_COLUMNS if r.get(k)),
        )
        for r in point_rows
    )


class _Batch:
    """The series of one engine call: points and one options row per series."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.ratio = measure.is_ratio
        self.data: dict[str, list[Any]] = {"series_id": [], "x": []}
        if self.ratio:
            self.data["numerator"], self.data["denominator"] = [], []
        else:
            self.data["y"] = []
        # A linked QLS rate is shown per its multiplier (per 1,000 bed days), as the
        # measurement area's own charts show it; a project's own ratio data is not.
        series = measure.series if measure.series_id else None
        self.by = scaling.factor(measure.chart_type, series.metric.multiplier) if series else 1.0
        self.target = scaling.to_engine(measure.target, self.by)
        self.options: dict[str, list[Any]] = {
            "series_id": [],
            "improvement_direction": [],
            "target": [],
            "rebase": [],
            "fix_after_n_points": [],
        }

    def add(
        self, series_id: int, rows: Sequence[Row], *, rebase: list[dt.date], fix: int | None
    ) -> None:
        for r in rows:
            self.data["series_id"].append(series_id)
            self.data["x"].append(r.period)
            if self.ratio:
                self.data["numerator"].append(r.numerator)
                self.data["denominator"].append(r.denominator)
            else:
                self.data["y"].append(r.value)
        self.options["series_id"].append(series_id)
        self.options["improvement_direction"].append(self.measure.improvement_direction)
        self.options["target"].append(self.target)
        self.options["rebase"].append(rebase)
        self.options["fix_after_n_points"].append(fix)

    def run(self) -> Any:
        return analyse(self.data, self.options, chart=self.measure.chart_type)
