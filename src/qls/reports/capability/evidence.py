"""Projects whose measures first show evidence of improvement in the month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from qls.projects import evidence, measure_analysis, progress, scores
from qls.projects.models import (
    Measure,
    PDSACycle,
    Project,
)
from qls.projects.paste import Row
from qls.reports.capability._common import end_of
from qls.reports.capability.evidence_rows import confirmed_by, rows_for


class Memo:
    """What ``new_evidence`` has read and judged, to share between months.

    A month's "before" is the previous month's cut-off, so editions counted
    month after month (the demo's) judge each measure at each month end once.
    """

    def __init__(self) -> None:
        self.rows: dict[int, list[Row]] = {}
        self.found: dict[tuple[int, dt.date], bool] = {}


def _found(
    measure: Measure, rows: list[Any], adopted: list[evidence.Adoption], day: dt.date, memo: Memo
) -> bool:
    key = (measure.pk, day)
    if key not in memo.found:
        kept = [r for r in rows if r.period <= day]
        done = [a for a in adopted if a.on <= day]
        memo.found[key] = bool(kept and done) and (
            measure_analysis.evaluate(measure, rows=kept, adopted=done) is not None
        )
    return memo.found[key]


def new_evidence(
    period: dt.date, cutoff: dt.date, memo: Memo | None = None
) -> list[dict[str, Any]]:
    """Projects with a measure that shows evidence of improvement at the cut-off
    but did not at the end of the month before: new evidence this month.

    Judged on the data and the adopted changes dated up to each day, by the
    same rule as the project page. A measure with neither data nor an
    adoption dated in the month is judged on the same inputs on both days,
    so it cannot be new and is not judged again.
    """
    memo = memo or Memo()
    before = period - dt.timedelta(days=1)
    adopted_by: dict[int, list[evidence.Adoption]] = defaultdict(list)
    for c in (
        PDSACycle.objects.filter(
            act_decision=PDSACycle.Act.ADOPT, ended_on__isnull=False, ended_on__lte=cutoff
        )
        .select_related("change_idea")
        .order_by("ended_on", "pk")
    ):
        if c.ended_on is None:  # excluded above; for the type checker
            continue
        adopted_by[c.change_idea.project_id].append(
            evidence.Adoption(
                on=c.ended_on, idea=c.change_idea.text, idea_id=c.change_idea_id, cycle_id=c.pk
            )
        )
    measures = list(
        Measure.objects.filter(
            project_id__in=list(adopted_by), project__created_at__lt=end_of(cutoff)
        )
        .select_related("project", "series", "series__metric")
        .order_by("project_id", "position", "pk")
    )
    memo.rows.update(rows_for([m for m in measures if m.pk not in memo.rows]))
    found: dict[int, list[str]] = defaultdict(list)
    projects: dict[int, Project] = {}
    for measure in measures:
        adopted = adopted_by[measure.project_id]
        rows = memo.rows[measure.pk]
        moved = any(before < r.period <= cutoff for r in rows) or any(
            before < a.on for a in adopted
        )
        if not moved:
            continue
        if _found(measure, rows, adopted, cutoff, memo) and not _found(
            measure, rows, adopted, before, memo
        ):
            found[measure.project_id].append(measure.name)
            projects[measure.project_id] = measure.project
    if not projects:
        return []
    confirmed = confirmed_by(list(projects), cutoff)
    suggested = scores.suggestions(projects.values())
    out = []
    for pk, project in sorted(projects.items(), key=lambda kv: kv[1].title):
        value = confirmed.get(pk)
        is_confirmed = value is not None
        if value is None:
            value = suggested[pk].value
        out.append(
            {
                "id": pk,
                "title": project.title,
                "url": project.get_absolute_url(),
                "measures": found[pk],
                "score": str(value),
                "score_label": progress.label(value),
                "score_confirmed": is_confirmed,
            }
        )
    return out
