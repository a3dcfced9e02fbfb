"""The cached evidence of improvement: refreshed when data changes, read by pages.

Refreshed when the measure's data or definition, the project's PDSA cycles
or a linked series change (``actions`` and ``receivers`` call it); pages
only read it, so showing a measure never writes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from qls.projects.evidence import sentence
from qls.projects.measure_analysis import evaluate
from qls.projects.models import Evidence, Measure, Project


def refresh_evidence(measure: Measure) -> Evidence:
    """Recompute and cache one measure's evidence; returns the ``Evidence`` row.

    The row is only written when the answer changes, so the audit history
    shows when evidence appeared or went away.
    """
    finding = evaluate(measure)
    wanted = {
        "found": finding is not None,
        "first_period": finding.first_period if finding else None,
        "change_idea_id": finding.adoption.idea_id if finding else None,
        "cycle_id": finding.adoption.cycle_id if finding else None,
        "adopted_on": finding.adoption.on if finding else None,
        "rule": finding.rule if finding else "",
        "sentence": sentence(measure.name, finding, measure.frequency) if finding else "",
    }
    evidence = Evidence.objects.filter(measure=measure).first()
    if evidence is None:
        return Evidence.objects.create(measure=measure, **wanted)
    if any(getattr(evidence, k) != v for k, v in wanted.items()):
        for k, v in wanted.items():
            setattr(evidence, k, v)
        evidence.save()
    else:
        # Unchanged: note the check without a new history row.
        evidence.computed_at = timezone.now()
        Evidence.objects.filter(pk=evidence.pk).update(computed_at=evidence.computed_at)
    return evidence


def refresh_project_evidence(project: Project) -> None:
    for measure in project.measures.select_related("series", "series__metric", "project"):
        refresh_evidence(measure)


def refresh_series_evidence(series_ids: Iterable[int]) -> int:
    """Refresh every measure that follows one of these QLS series; returns how many."""
    measures = Measure.objects.filter(series_id__in=list(series_ids)).select_related(
        "series", "series__metric", "project"
    )
    count = 0
    for measure in measures:
        refresh_evidence(measure)
        count += 1
    return count


def stored_evidence(measure: Measure) -> Evidence | None:
    """The cached evidence, as last refreshed (None before the first refresh)."""
    try:
        return measure.evidence
    except ObjectDoesNotExist:
        return None
