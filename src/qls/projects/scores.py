"""The IHI progress score of projects: the suggestion, the confirmed score, confirming one.

* ``suggest_score(project)`` reads what the project has recorded (stage,
  team, driver diagram, PDSA decisions, measures and their cached evidence
  of improvement) and applies the rule in ``qls.projects.progress``.
  ``suggestions(projects)`` does the same for many projects in a fixed
  number of queries, plus one SPC analysis per measure with evidence.
* ``current_score(project)`` is the newest confirmation (a ``ProgressScore``)
  or None; ``with_progress_score(queryset)`` annotates a list of projects
  with ``progress_score`` (the confirmed value, or None) for other apps.
* ``confirm_score`` records the coach's confirmation or override.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from qls.projects import progress
from qls.projects.errors import ProjectError
from qls.projects.evidence import IMPROVEMENT, Adoption
from qls.projects.models import (
    DriverNode,
    Evaluation,
    Evidence,
    Measure,
    PDSACycle,
    ProgressScore,
    Project,
    ProjectMember,
)
from qls.spc.rules import SHIFT_LENGTH, TREND_LENGTH


class ProgressScoreError(ProjectError):
    """A confirmation the rules refuse; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------- reading


def current_score(project: Project) -> ProgressScore | None:
    """The project's confirmed score now: its newest confirmation, or None."""
    return project.progress_scores.order_by("-confirmed_at", "-pk").first()


def with_progress_score(projects: QuerySet[Project]) -> QuerySet[Project]:
    """``projects`` annotated with ``progress_score``: the confirmed value, or None."""
    latest = ProgressScore.objects.filter(project_id=OuterRef("pk")).order_by(
        "-confirmed_at", "-pk"
    )
    # Cast: SQLite gives a subquery's value no type, and "2" is not "2.0" to it.
    value = Cast(
        Subquery(latest.values("confirmed")[:1]), DecimalField(max_digits=2, decimal_places=1)
    )
    return projects.annotate(progress_score=value)


def scored_at(value: Decimal | None) -> QuerySet[ProgressScore, Any]:
    """Ids of projects whose current score is ``value`` (any confirmed score if None),
    for ``pk__in`` filters.

    Compared on the table's own column, not on an annotation: SQLite gives a
    subquery's value no type, so "2" and "2.0" would not be equal there.
    """
    newest = ProgressScore.objects.filter(project_id=OuterRef("project_id")).order_by(
        "-confirmed_at", "-pk"
    )
    rows = ProgressScore.objects.filter(pk=Subquery(newest.values("pk")[:1]))
    if value is not None:
        rows = rows.filter(confirmed=value)
    return rows.values("project_id")


def score_history(project: Project) -> QuerySet[ProgressScore]:
    return project.progress_scores.select_related("confirmed_by").order_by("-confirmed_at", "-pk")


# ---------------------------------------------------------------- the suggestion


def suggest_score(project: Project) -> progress.Suggestion:
    return suggestions([project])[project.pk]


def suggestions(projects: Iterable[Project]) -> dict[int, progress.Suggestion]:
    """The suggestion for each project, by primary key."""
    return {pk: progress.suggest(f) for pk, f in facts_for(projects).items()}


def facts_for(projects: Iterable[Project]) -> dict[int, progress.ProjectFacts]:
    """What the rule reads, for each project, in a fixed number of queries."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    team = dict(
        ProjectMember.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(n=Count("staff_id", distinct=True))
        .values_list("project_id", "n")
    )
    ideas = dict(
        DriverNode.objects.filter(project_id__in=ids, kind=DriverNode.Kind.CHANGE_IDEA)
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    measures = dict(
        Measure.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    with_data = dict(
        Measure.objects.filter(project_id__in=ids)
        .filter(Q(series__isnull=False) | Q(values__isnull=False))
        .values("project_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("project_id", "n")
    )
    cycles: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    adoptions: dict[int, list[Adoption]] = defaultdict(list)
    for c in (
        PDSACycle.objects.filter(change_idea__project_id__in=ids)
        .select_related("change_idea")
        .order_by("ended_on", "pk")
    ):
        counts = cycles[c.change_idea.project_id]
        counts["planned"] += 1
        if c.started_on or c.do_notes or c.act_decision:
            counts["started"] += 1
        if c.act_decision:
            counts[c.act_decision] += 1
        if c.act_decision == PDSACycle.Act.ADOPT and c.ended_on is not None:
            adoptions[c.change_idea.project_id].append(
                Adoption(
                    on=c.ended_on, idea=c.change_idea.text, idea_id=c.change_idea_id, cycle_id=c.pk
                )
            )
    aims = dict(
        Evaluation.objects.filter(project_id__in=ids).values_list("project_id", "aim_achieved")
    )
    evidence: dict[int, list[progress.MeasureFacts]] = defaultdict(list)
    for e in (
        Evidence.objects.filter(measure__project_id__in=ids, found=True)
        .select_related("measure", "measure__project", "measure__series", "measure__series__metric")
        .order_by("measure__position", "measure_id")
    ):
        evidence[e.measure.project_id].append(_measure_facts(e, adoptions[e.measure.project_id]))
    out = {}
    for p in projects:
        counts = cycles[p.pk]
        out[p.pk] = progress.ProjectFacts(
            stage=p.stage,
            closure_outcome=p.closure_outcome,
            team_size=team.get(p.pk, 0),
            change_ideas=ideas.get(p.pk, 0),
            measures=measures.get(p.pk, 0),
            measures_with_data=with_data.get(p.pk, 0),
            cycles_planned=counts["planned"],
            cycles_started=counts["started"],
            adopted=counts[PDSACycle.Act.ADOPT],
            adapted=counts[PDSACycle.Act.ADAPT],
            abandoned=counts[PDSACycle.Act.ABANDON],
            evidence=tuple(evidence[p.pk]),
            aim_achieved=aims.get(p.pk, ""),
        )
    return out


def _measure_facts(evidence: Evidence, adopted: list[Adoption]) -> progress.MeasureFacts:
    """How a measure's evidence has held since it began, from the same SPC analysis
    the evidence rule uses (limits fixed before the change), and the assurance icon
    of its chart as shown (after any recalculation the coach approved)."""
    from qls.projects.measure_analysis import NotEnoughData, analyse_measure
    from qls.spc import SpcInputError

    measure = evidence.measure
    sentence = evidence.sentence or f"{measure.name}: special cause improvement"
    try:
        analysis = analyse_measure(measure, adopted=adopted)
    except (NotEnoughData, SpcInputError):
        return progress.MeasureFacts(measure.name, sentence)
    first = evidence.first_period
    # Count from the point where the signal became visible: a shift is only
    # flagged once its seventh point arrives, so its first six are not "further".
    since = sum(1 for p in analysis.judged_points if first is not None and p.period > first)
    further = max(0, since - (SIGNAL_POINTS.get(evidence.rule, 1) - 1))
    latest = 0
    for point in reversed(analysis.judged_points):
        if point.point_type != IMPROVEMENT:
            break
        latest += 1
    assurance = analysis.assurance_icon
    return progress.MeasureFacts(
        measure.name,
        sentence,
        further_points=further,
        latest_improving=latest,
        consistent_pass=assurance == "consistent_pass",
    )


# How many points each rule of qls.spc needs before it flags a signal.
SIGNAL_POINTS = {
    "rule_astronomical": 1,
    "rule_two_of_three": 3,
    "rule_shift": SHIFT_LENGTH,
    "rule_trend": TREND_LENGTH,
}


# ---------------------------------------------------------------- confirming


@transaction.atomic
def confirm_score(
    *,
    project: Project,
    by: Any,
    confirmed: Decimal | str,
    reason: str = "",
    expected_suggestion: Decimal | None = None,
) -> ProgressScore:
    """Record the score the coach confirms: the suggestion, or another with a reason.

    The suggestion is worked out again here, not taken from the form, so a
    stored "suggested" value is always what QLS said at that moment. When
    ``expected_suggestion`` (what the page showed) no longer matches, the
    evidence changed while the page was open and nothing is written.
    """
    value = progress.parse(str(confirmed))
    if value is None:
        raise ProgressScoreError(
            f"Choose a score on the IHI scale, from 0.5 to 5.0 in steps of 0.5 "
            f"({confirmed!r} is not on it)",
            field="confirmed",
        )
    suggestion = suggest_score(project)
    if expected_suggestion is not None and expected_suggestion != suggestion.value:
        raise ProgressScoreError(
            f"QLS now suggests {suggestion.text}: the project's evidence changed since the page "
            "opened. Check the score again.",
            field="confirmed",
        )
    reason = (reason or "").strip()
    if value != suggestion.value and not reason:
        raise ProgressScoreError(
            f"Enter the reason for choosing {value} when QLS suggests {suggestion.value}",
            field="reason",
        )
    name = ""
    if by is not None:
        name = (by.get_full_name() or by.get_username()).strip()
    return ProgressScore.objects.create(
        project=project,
        suggested=suggestion.value,
        confirmed=value,
        suggestion_reasons="\n".join(suggestion.reasons),
        reason=reason,
        confirmed_by=by,
        confirmed_by_name=name[:200],
    )
