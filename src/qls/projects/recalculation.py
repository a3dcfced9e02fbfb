"""Recalculating a project measure's limits after an adopted change.

A team's measure is charted with its limits fixed on the baseline before the
first adopted change, so that later points are judged against how things
were. Once the change has worked, that is no longer the process: a ward
that beats its target week after week would still be told "consistently
failing the target", because assurance is judged on the old limits.

So, when a change has been adopted and the measure then shows a sustained
shift (the method's shift rule: seven or more points in a row on the
improving side of the mean) that starts on or after the adoption, QLS
proposes recalculating the limits from the first point of that shift. The
project's coach approves or refuses, with a reason. An approved
recalculation starts a new segment: the engine computes its own limits, and
the assurance icon is judged on that latest segment.

The first half of this module is pure (lists in, a proposal out) so it can
be tested with constructed series; the rest reads and writes the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qls.projects.evidence import IMPROVEMENT, Adoption, Point

SHIFT = "rule_shift"


@dataclass(frozen=True)
class Proposal:
    """Recalculate the limits from ``period``: a shift began there after ``adoption``."""

    period: dt.date
    adoption: Adoption
    points: int  # length of the shift run

    def reason(self, frequency_words: str = "") -> str:
        return (
            f"'{self.adoption.idea}' was adopted on {_day(self.adoption.on)} and the measure "
            f"then shifted: {self.points} points in a row on the improving side of the mean "
            f"from {_day(self.period)}. The limits from before the change no longer describe "
            "the process."
        )


def _day(when: dt.date) -> str:
    return f"{when.day} {when:%b %Y}"


def shift_runs(points: Sequence[Point]) -> list[tuple[int, int]]:
    """(start, end) index pairs of each run of consecutive improving shift points.

    ``points`` are sorted by period. A point flagged by the shift rule whose
    type is improvement is on the improving side of the mean; anything else
    (a missing value included) ends the run.
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, p in enumerate(points):
        if p.point_type == IMPROVEMENT and SHIFT in p.rules:
            if start is None:
                start = i
        elif start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(points) - 1))
    return runs


def propose(
    points: Sequence[Point],
    adoptions: Sequence[Adoption],
    *,
    direction: str,
    decided: Iterable[dt.date] = (),
    segment_start: dt.date | None = None,
) -> Proposal | None:
    """The recalculation QLS proposes for a measure, or None.

    The earliest improving shift that starts on or after an adoption, inside
    the current segment (after ``segment_start``, the latest approved
    recalculation, and after an adoption made since then), and not already
    decided (``decided``: periods approved or refused before). A shift that
    was under way before the change was adopted is not the change's doing
    and proposes nothing; nor does a neutral measure, which has no improving
    side.

    >>> d = dt.date
    >>> pts = [Point(d(2025, 1, 6), "common_cause")] + [
    ...     Point(d(2025, 1, 13) + dt.timedelta(weeks=i), IMPROVEMENT, ("rule_shift",)) for i in range(7)
    ... ]
    >>> propose(pts, [Adoption(d(2025, 1, 8), "Bay nursing")], direction="decrease").period
    datetime.date(2025, 1, 13)
    """
    if direction not in ("increase", "decrease") or not adoptions:
        return None
    ordered = sorted(points, key=lambda p: p.period)
    done = set(decided)
    by_date = sorted(adoptions, key=lambda a: (a.on, a.idea))
    for start, end in shift_runs(ordered):
        first = ordered[start].period
        if segment_start is not None and first <= segment_start:
            continue
        before = [
            a for a in by_date if a.on <= first and (segment_start is None or a.on > segment_start)
        ]
        if not before or first in done:
            continue
        return Proposal(period=first, adoption=before[-1], points=end - start + 1)
    return None


# ---------------------------------------------------------------- service


def approved_periods(measure: Any) -> list[dt.date]:
    from qls.projects.models import Recalculation

    return list(
        measure.recalculations.filter(status=Recalculation.Status.APPROVED)
        .order_by("period")
        .values_list("period", flat=True)
    )


def current_proposal(measure: Any, analysis: Any, adopted: Sequence[Adoption]) -> Proposal | None:
    """What QLS proposes for this measure now, judged on the chart as it is shown."""
    decided = list(measure.recalculations.values_list("period", flat=True))
    approved = approved_periods(measure)
    return propose(
        analysis.points,
        adopted,
        direction=measure.improvement_direction,
        decided=decided,
        segment_start=approved[-1] if approved else None,
    )


class RecalculationError(Exception):
    """A recalculation decision the rules refuse."""


def record_decision(
    *, measure: Any, proposal: Proposal, approve: bool, reason: str, by: Any
) -> Any:
    """The coach's decision on QLS's proposal, with its reason (kept in the audit history)."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from qls.projects.access import can_approve
    from qls.projects.models import Recalculation

    if not can_approve(by, measure.project):
        raise RecalculationError("Only the project's coach decides on recalculating the limits")
    status = Recalculation.Status.APPROVED if approve else Recalculation.Status.REFUSED
    row = Recalculation(
        measure=measure,
        period=proposal.period,
        cycle_id=proposal.adoption.cycle_id,
        reason=proposal.reason(),
        status=status,
        decided_by=by,
        decided_at=timezone.now(),
        decision_reason=reason,
    )
    row._change_reason = f"{status.label}: {' '.join(reason.split())}"[:100]  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        raise RecalculationError("This recalculation has already been decided") from error
    return row
