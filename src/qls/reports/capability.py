"""The improvement and capability section of an edition, counted at its cut-off.

``section_at(period, cutoff)`` answers the board's other questions — how many
staff are trained, how many projects there are, which of them improved care,
how the ward programme and accreditation stand — as they stood at the end of
the cut-off day, not today. The answer is plain data (numbers, names, ids and
links, dates as ISO strings) so the edition stores it in ``Edition.capability``
and a frozen edition is shown without a live query.

Each part reads the owning app's own functions:

- training: ``capability.training.reports.trained_per_period`` (completions up to the
  cut-off) and ``capability.training.targets`` (the trajectory), the figures behind
  the training report's XmR and trajectory charts;
- projects: registered (created) by the cut-off; the stage is the one the
  project's approved stage changes had reached by then;
- evidence of improvement: ``projects.evidence.evaluate`` on each measure's
  data and adopted changes up to the cut-off, compared with the month before;
  the IHI progress score confirmed by the cut-off, else QLS's suggestion;
- ward programme: each ward's stage from the dates it started them;
- accreditation: ``wards.accreditation.level_for`` on audits dated by then.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from qls.capability.models import Course
from qls.capability.training import reports as training
from qls.capability.training import targets
from qls.measurement.models import Observation
from qls.organisation.models import StrategicAim, Ward
from qls.projects import evidence, progress, scores
from qls.projects.models import (
    STAGE_ORDER,
    Measure,
    MeasureValue,
    PDSACycle,
    ProgressScore,
    Project,
    Stage,
    StageChange,
)
from qls.projects.paste import Row
from qls.wards import accreditation, planning
from qls.wards.models import AccreditationLevel, Audit, WardJourney
from qls.wards.models.journey import STAGE_ORDER as WARD_STAGE_ORDER
from qls.wards.models.journey import Stage as WardStage

KINDS = (Course.Kind.FUNDAMENTALS, Course.Kind.PRACTITIONER)
NOT_ACCREDITED = "Not accredited"
NOT_AUDITED = "Not yet audited"


def end_of(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in the trust's time zone: "by the cut-off" includes it."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def section_at(period: dt.date, cutoff: dt.date, memo: Memo | None = None) -> dict[str, Any]:
    """The whole section for the month starting ``period``, counted at ``cutoff``.

    Pass one ``Memo`` to count several months in a row faster.
    """
    return {
        "period": period.isoformat(),
        "cutoff": cutoff.isoformat(),
        "training": [trained_at(kind, period, cutoff) for kind in KINDS],
        "projects": projects_at(cutoff),
        "evidence": new_evidence(period, cutoff, memo),
        "wards": ward_programme_at(cutoff),
        "accreditation": accreditation_at(cutoff),
    }


# ---------------------------------------------------------------- training


def trained_at(kind: str, period: dt.date, cutoff: dt.date) -> dict[str, Any]:
    """People who completed a course of ``kind``, month by month up to the cut-off."""
    per_month: dict[dt.date, int] = defaultdict(int)
    for course in Course.objects.filter(kind=kind):
        for month, n in training.trained_per_period(
            training.Filters(course=course, end=cutoff), "month"
        ):
            per_month[month] += n
    series = _filled(per_month, period)
    steps = targets.steps_for([kind])
    rows = targets.trajectory(series, steps, "month")
    last = rows[-1] if rows else None
    return {
        "kind": kind,
        "label": Course.Kind(kind).label,
        "points": [[day.isoformat(), n] for day, n in series],
        "in_month": per_month.get(period, 0),
        "total": last[2] if last else 0,
        "trajectory": last[3] if last else None,
        "target_per_month": targets.per_period(steps, period, "month"),
    }


def _filled(per_month: dict[dt.date, int], last: dt.date) -> list[tuple[dt.date, int]]:
    """Every month from the first completion to ``last``, zeros kept (as the chart needs)."""
    if not per_month:
        return []
    out, day = [], min(per_month)
    while day <= last:
        out.append((day, per_month.get(day, 0)))
        day = training.next_period(day, "month")
    return out


# ---------------------------------------------------------------- projects


def stages_at(projects: list[Project], cutoff: dt.date) -> dict[int, str]:
    """Each project's stage at the end of the cut-off day, from its approved stage changes.

    The last approved change decided by then gives the stage; a project with
    none yet was still in the stage its first later change moved it from (or,
    with no approved change at all, the stage it has now).
    """
    stage = {p.pk: p.stage for p in projects}
    before: set[int] = set()
    settled: set[int] = set()
    limit = end_of(cutoff)
    changes = sorted(
        (decided or at, pk, project_id, from_stage, to_stage)
        for pk, project_id, from_stage, to_stage, decided, at in StageChange.objects.filter(
            project__created_at__lt=limit, status=StageChange.Status.APPROVED
        ).values_list("pk", "project_id", "from_stage", "to_stage", "decided_at", "at")
    )
    for when, _pk, project_id, from_stage, to_stage in changes:
        if project_id in settled or project_id not in stage:
            continue
        if when < limit:
            stage[project_id] = to_stage
            before.add(project_id)
        else:
            if project_id not in before:
                stage[project_id] = from_stage
            settled.add(project_id)
    return stage


def projects_at(cutoff: dt.date) -> dict[str, Any]:
    """Projects registered by the cut-off, by strategic aim and by stage at the cut-off."""
    limit = end_of(cutoff)
    registered = list(Project.objects.filter(created_at__lt=limit))
    by_aim = dict(
        StrategicAim.objects.annotate(
            n=Count("projects", filter=Q(projects__created_at__lt=limit), distinct=True)
        ).values_list("pk", "n")
    )
    aims = [
        {"aim": str(aim), "count": by_aim.get(aim.pk, 0)}
        for aim in StrategicAim.objects.order_by("number", "pk")
    ]
    stage = stages_at(registered, cutoff)
    counts = dict.fromkeys(STAGE_ORDER, 0)
    for value in stage.values():
        counts[value] = counts.get(value, 0) + 1
    return {
        "total": len(registered),
        "by_aim": aims,
        "by_stage": [{"stage": s, "label": Stage(s).label, "count": counts[s]} for s in counts],
    }


# ---------------------------------------------------------------- evidence


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
            evidence.evaluate(measure, rows=kept, adopted=done) is not None
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
    memo.rows.update(_rows_for([m for m in measures if m.pk not in memo.rows]))
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
    confirmed = _confirmed_by(list(projects), cutoff)
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


def _rows_for(measures: list[Measure]) -> dict[int, list[Row]]:
    """``services.measure_rows`` of many measures in two queries, not one each."""
    out: dict[int, list[Row]] = {m.pk: [] for m in measures}
    linked: dict[int, list[Measure]] = defaultdict(list)
    for m in measures:
        if m.series_id:
            linked[m.series_id].append(m)
    for series_id, period, value, numerator, denominator in (
        Observation.objects.filter(series_id__in=list(linked))
        .order_by("series_id", "period")
        .values_list("series_id", "period", "value", "numerator", "denominator")
    ):
        for m in linked[series_id]:
            ratio = m.is_ratio and numerator is not None and denominator
            out[m.pk].append(
                Row(period, numerator=numerator, denominator=denominator)
                if ratio
                else Row(period, value=value)
            )
    entered = [m.pk for m in measures if not m.series_id]
    for measure_id, day, entered_value, entered_num, entered_den in (
        MeasureValue.objects.filter(measure_id__in=entered)
        .order_by("measure_id", "period")
        .values_list("measure_id", "period", "value", "numerator", "denominator")
    ):
        out[measure_id].append(
            Row(day, value=entered_value, numerator=entered_num, denominator=entered_den)
        )
    return out


def _confirmed_by(ids: list[int], cutoff: dt.date) -> dict[int, Any]:
    """The newest confirmed IHI score of each project dated by the cut-off."""
    out: dict[int, Any] = {}
    rows = ProgressScore.objects.filter(project_id__in=ids, confirmed_at__lt=end_of(cutoff))
    for project_id, value in rows.order_by("confirmed_at", "pk").values_list(
        "project_id", "confirmed"
    ):
        out[project_id] = value  # the newest wins
    return out


# ---------------------------------------------------------------- wards


def ward_stage_at(journey: WardJourney, cutoff: dt.date) -> str:
    """The furthest stage a ward had started by the cut-off (planned if none)."""
    found = WardStage.PLANNED.value
    for stage in WARD_STAGE_ORDER[1:]:
        started = journey.stage_started(stage)
        if started is not None and started <= cutoff:
            found = stage
    return found


def ward_programme_at(cutoff: dt.date) -> dict[str, Any] | None:
    """The programme running at the cut-off: each wave's wards by stage against its plan."""
    programme = planning.current_programme(cutoff)
    if programme is None:
        return None
    waves: dict[int, dict[str, Any]] = {}
    journeys = (
        WardJourney.objects.filter(programme=programme)
        .select_related("wave", "wave__site")
        .order_by("wave__site__name", "wave__number", "pk")
    )
    for journey in journeys:
        wave = journey.wave
        row = waves.setdefault(
            wave.pk,
            {
                "site": wave.site.name,
                "number": wave.number,
                "start": wave.start.isoformat(),
                "end": wave.end.isoformat(),
                "due": wave.start <= cutoff,
                "wards": 0,
                "counts": [0] * len(WARD_STAGE_ORDER),
            },
        )
        row["wards"] += 1
        row["counts"][WARD_STAGE_ORDER.index(ward_stage_at(journey, cutoff))] += 1
    rows = list(waves.values())
    for row in rows:
        row["started"] = sum(row["counts"][1:])
        row["planned_started"] = row["wards"] if row["due"] else 0
    return {
        "programme": programme.name,
        "stage_labels": [WardStage(s).label for s in WARD_STAGE_ORDER],
        "waves": rows,
        "planned_started": sum(r["planned_started"] for r in rows),
        "started": sum(r["started"] for r in rows),
        "wards": sum(r["wards"] for r in rows),
    }


def accreditation_at(cutoff: dt.date) -> dict[str, Any]:
    """Programme wards of each site by accreditation level, on audits dated by the cut-off."""
    levels = list(AccreditationLevel.objects.all())
    names = [NOT_AUDITED, NOT_ACCREDITED, *(lv.name for lv in levels)]
    wards = list(
        Ward.objects.filter(in_programme=True, active=True)
        .select_related("site")
        .order_by("site__name", "name")
    )
    scores_of: dict[int, list[float]] = defaultdict(list)
    for ward_id, value in (
        Audit.objects.filter(
            ward__in=wards, status=Audit.Status.SUBMITTED, date__lte=cutoff, score__isnull=False
        )
        .order_by("ward", "-date", "-pk")
        .values_list("ward", "score")
    ):
        if value is not None:
            scores_of[ward_id].append(value)
    sites: dict[str, list[int]] = {}
    for ward in wards:
        counts = sites.setdefault(ward.site.name if ward.site_id else "", [0] * len(names))
        history = scores_of.get(ward.pk)
        if not history:
            name = NOT_AUDITED
        else:
            level = accreditation.level_for(history, levels)
            name = level.name if level else NOT_ACCREDITED
        counts[names.index(name)] += 1
    return {
        "levels": names,
        "sites": [
            {"site": site or "No site", "counts": counts, "wards": sum(counts)}
            for site, counts in sites.items()
        ],
    }
