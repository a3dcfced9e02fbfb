"""Evidence of improvement: did a measure improve after a change was adopted?

The rule, in plain words: a measure shows evidence of improvement when its
SPC chart shows special cause variation in the direction of improvement
(a shift, a trend, a point outside the limits, or two of three points near a
limit, as ``qls.spc`` flags them) that *starts* in a period beginning on or
after the date a change idea was adopted (a PDSA cycle whose act decision was
"adopt"). A signal already under way before the adoption does not count: the
change cannot have caused it. Nor does one that starts long after: the
signal must begin within the evidence window after the adoption (12 weeks
unless the trust sets ``QLS_EVIDENCE_WINDOW_WEEKS``), since a shift a year
later is better explained by something else. The sentence names the
earliest such signal and the most recent adoption before it.

This module is pure (lists in, a finding out) so it can be tested with
constructed series. ``qls.projects.measure_analysis`` runs the analysis it
judges, and ``qls.projects.evidence_store`` caches the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qls.core import periods
from qls.spc import RULE_LABELS

IMPROVEMENT = "special_cause_improvement"

# Which rule names a finding when its first point carries several. The order
# predates the labels moving to qls.spc and stored Evidence.rule values follow
# it, so it is kept rather than switched to the engine's precedence.
NAMING_ORDER = ("rule_astronomical", "rule_shift", "rule_trend", "rule_two_of_three")


def rule_words(rule: str) -> str:
    """The words for a rule column, as qls.spc words it; a general phrase for none."""
    return RULE_LABELS.get(rule, "special cause variation")


@dataclass(frozen=True)
class Adoption:
    """A change idea adopted on a date (the act date of its PDSA cycle)."""

    on: dt.date
    idea: str
    idea_id: int | None = None
    cycle_id: int | None = None


@dataclass(frozen=True)
class Point:
    period: dt.date
    point_type: str | None
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    first_period: dt.date
    adoption: Adoption
    rule: str  # the rule column that flagged the signal's first point

    @property
    def rule_words(self) -> str:
        return rule_words(self.rule)


def improvement_signals(points: Sequence[Point]) -> list[tuple[int, int]]:
    """(start, end) index pairs of each run of consecutive improvement points.

    ``points`` must be sorted by period. A missing value (point type None)
    ends a run, as it breaks the data line on the chart.
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, p in enumerate(points):
        if p.point_type == IMPROVEMENT:
            if start is None:
                start = i
        elif start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(points) - 1))
    return runs


def find_evidence(
    points: Sequence[Point],
    adoptions: Sequence[Adoption],
    *,
    direction: str,
    improving_before: Callable[[Adoption], bool] | None = None,
    window: dt.timedelta | None = None,
) -> Finding | None:
    """The earliest improvement signal that starts after an adoption, or None.

    A run of improvement points that began before the adoption still counts
    when the points before the adoption were not yet a signal on their own:
    a shift's first few points are only flagged once the run reaches seven,
    so they may straddle the adoption by chance. ``improving_before(a)``
    answers "judged on the data before ``a`` alone, was the last point
    already special cause improvement?"; without it such runs never count.
    With a ``window``, a signal counts only if it starts no later than that
    long after the adoption it is credited to.

    >>> d = dt.date
    >>> pts = [Point(d(2025, 1, 6), "common_cause"), Point(d(2025, 2, 3), IMPROVEMENT, ("rule_shift",))]
    >>> find_evidence(pts, [Adoption(d(2025, 1, 20), "Bay nursing")], direction="decrease").first_period
    datetime.date(2025, 2, 3)
    """
    if direction not in ("increase", "decrease") or not adoptions:
        return None
    ordered = sorted(points, key=lambda p: p.period)
    by_date = sorted(adoptions, key=lambda a: (a.on, a.idea))
    for start, end in improvement_signals(ordered):
        first = ordered[start]
        before = [a for a in by_date if a.on <= first.period]
        if before:
            if window is not None and first.period - before[-1].on > window:
                continue  # began too long after the change to credit it
            return Finding(first.period, before[-1], _rule(first))
        inside = [a for a in by_date if first.period < a.on <= ordered[end].period]
        if not inside or improving_before is None or improving_before(inside[0]):
            continue  # the signal was already there before any change was adopted
        adoption = inside[0]
        after = next(i for i in range(start, end + 1) if ordered[i].period >= adoption.on)
        return Finding(ordered[after].period, adoption, _rule(ordered[after]))
    return None


def _rule(point: Point) -> str:
    return next((r for r in NAMING_ORDER if r in point.rules), "")


def _period_words(period: dt.date, frequency: str) -> str:
    if frequency == "quarter":
        return periods.quarter_name(period)
    if frequency == "month":
        return f"{period:%B %Y}"
    if frequency == "week":
        return f"week of {period.day} {period:%B %Y}"
    return f"{period.day} {period:%B %Y}"


def _gap_words(adopted: dt.date, period: dt.date, frequency: str) -> str:
    days = (period - adopted).days
    if frequency == "month":
        months = (period.year - adopted.year) * 12 + period.month - adopted.month
        unit, n = "month", months
    elif frequency == "week":
        unit, n = "week", round(days / 7)
    elif frequency == "quarter":
        unit, n = "quarter", periods.periods_between(adopted, period, frequency)
    else:
        unit, n = "day", days
    if n <= 0:
        return f"the {unit} it was adopted"
    return f"{n} {unit}{'' if n == 1 else 's'} after"


def sentence(measure_name: str, finding: Finding, frequency: str) -> str:
    """The finding in plain words, as the project page and poster show it.

    >>> f = Finding(dt.date(2025, 3, 3), Adoption(dt.date(2025, 2, 3), "Bay nursing"), "rule_shift")
    >>> sentence("Falls per 1,000 bed days", f, "week")
    "Falls per 1,000 bed days: special cause improvement from week of 3 March 2025, 4 weeks after 'Bay nursing' was adopted"
    """
    when = _period_words(finding.first_period, frequency)
    gap = _gap_words(finding.adoption.on, finding.first_period, frequency)
    idea = finding.adoption.idea
    if gap.startswith("the "):
        # "…from week of 3 March 2025, the week 'Bay nursing' was adopted"
        return (
            f"{measure_name}: special cause improvement from {when}, "
            f"{gap.replace(' it was adopted', '')} '{idea}' was adopted"
        )
    return f"{measure_name}: special cause improvement from {when}, {gap} '{idea}' was adopted"


def evidence_window() -> dt.timedelta:
    """How soon after an adoption a signal must begin to count (the trust's setting)."""
    from django.conf import settings

    return dt.timedelta(weeks=getattr(settings, "QLS_EVIDENCE_WINDOW_WEEKS", 12))
