"""Learning across sites: "similar projects" and "what worked elsewhere".

Both answer the question a ward sister asks before starting: has anyone
tried this, and did it work?
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max, QuerySet

from qls.measurement.models import Metric
from qls.projects.models import Evidence, Measure, Project, SearchDocument
from qls.projects.search.filters import SearchFilters
from qls.projects.search.query import for_display, search_projects
from qls.projects.search.snippets import related_by_text

# How much each kind of likeness counts. Text similarity is scaled to at most
# TEXT points; a shared metric is the strongest sign of the same problem.
TEXT = 3.0
SHARED_METRIC = 3.0
SHARED_TAG = 2.0
SAME_SPECIALTY = 0.75
SHARED_AIM = 0.5
SHARED_DOMAIN = 0.25
CANDIDATES = 40
SIMILAR_CACHE_SECONDS = 15 * 60
# Words every project title has, which say nothing about the topic.
_GENERIC = {
    "improve", "improving", "improvement", "reduce", "reducing", "reduction", "increase",
    "increasing", "ward", "wards", "unit", "project", "hospital", "patients", "patient",
    "better", "care", "the", "and", "for", "on", "in", "of", "to", "a", "at", "with",
}  # fmt: skip


def similar_projects(project: Project, limit: int = 5) -> list[Project]:
    """Up to ``limit`` other projects most like ``project``, most alike first (cached).

    The answer is kept until any project's search document changes, so a busy
    project page does not repeat the scoring on every view.
    """
    version = SearchDocument.objects.aggregate(v=Max("updated_at"))["v"]
    key = f"projects:similar:{project.pk}:{limit}:{version.timestamp() if version else 0}"
    ids = cache.get(key)
    if ids is None:
        ids = similar_ids(project, limit)
        cache.set(key, ids, SIMILAR_CACHE_SECONDS)
    if not ids:
        return []
    found = {p.pk: p for p in for_display(Project.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def similar_ids(project: Project, limit: int = 5) -> list[int]:
    """The ids of the projects most like ``project``, most alike first.

    Likeness adds up: words in common (title and tags against every
    project's search document), the same QLS metric measured, shared tags,
    the same specialty, shared strategic aims and quality domains. Only
    projects with some topical link (text, metric or tag) are candidates, so
    sharing an aim alone never makes a project "similar".
    """
    scores: dict[int, float] = defaultdict(float)
    tag_ids = list(project.tags.values_list("pk", flat=True))
    tag_names = list(project.tags.values_list("name", flat=True))
    words = [
        w for w in f"{project.title} {' '.join(tag_names)}".split() if w.lower() not in _GENERIC
    ]
    hits = related_by_text(" ".join(words), limit=CANDIDATES + 1)
    best = max((r for _, r in hits), default=0.0)
    for pk, rank in hits:
        if best > 0:
            scores[pk] += TEXT * rank / best
    if tag_ids:
        through = Project.tags.through
        for pk in through.objects.filter(tag_id__in=tag_ids).values_list("project_id", flat=True):
            scores[pk] += SHARED_TAG
    metric_ids = list(
        Measure.objects.filter(project=project, series__isnull=False).values_list(
            "series__metric_id", flat=True
        )
    )
    if metric_ids:
        for pk in (
            Measure.objects.filter(series__metric_id__in=metric_ids)
            .values_list("project_id", flat=True)
            .distinct()
        ):
            scores[pk] += SHARED_METRIC
    scores.pop(project.pk, None)
    if not scores:
        return []
    # Shortlist on the topical score, then let the softer likenesses order it.
    shortlist = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:CANDIDATES]
    aims = set(project.strategic_aims.values_list("pk", flat=True))
    domains = set(project.domains.values_list("pk", flat=True))
    aim_through, domain_through = Project.strategic_aims.through, Project.domains.through
    for pk in aim_through.objects.filter(
        project_id__in=shortlist, strategicaim_id__in=aims
    ).values_list("project_id", flat=True):
        scores[pk] += SHARED_AIM
    for pk in domain_through.objects.filter(
        project_id__in=shortlist, qualitydomain_id__in=domains
    ).values_list("project_id", flat=True):
        scores[pk] += SHARED_DOMAIN
    if project.specialty_id:
        for pk in Project.objects.filter(
            pk__in=shortlist, specialty_id=project.specialty_id
        ).values_list("pk", flat=True):
            scores[pk] += SAME_SPECIALTY
    return sorted(shortlist, key=lambda pk: (-scores[pk], -pk))[:limit]


@dataclass
class WorkedChange:
    """An adopted change idea followed by evidence of improvement on a measure."""

    change: str
    project: Project
    measure: str
    sentence: str
    adopted_on: object
    improved_from: object
    metric: str


def what_worked(
    *, metric: str = "", text: str = "", exclude_site: str = "", limit: int | None = None
) -> list[WorkedChange]:
    """Adopted change ideas with evidence of improvement, newest improvement first.

    ``metric`` narrows to measures linked to that QLS metric (its code);
    ``text`` to projects found by search, then sorted by how well the project
    matches the words, newest improvement first among equals; ``exclude_site``
    drops one site's projects (to look only elsewhere).
    """
    evidence = (
        Evidence.objects.filter(found=True, change_idea__isnull=False)
        .select_related(
            "change_idea",
            "measure__project__site",
            "measure__project__ward",
            "measure__series__metric",
        )
        .order_by("-first_period", "-pk")
    )
    if metric:
        evidence = evidence.filter(measure__series__metric__code=metric)
    place: dict[int, int] = {}
    if text:
        ids = list(search_projects(text, SearchFilters()).values_list("pk", flat=True))
        place = {pk: i for i, pk in enumerate(ids)}
        evidence = evidence.filter(measure__project_id__in=ids)
    if exclude_site:
        evidence = evidence.exclude(measure__project__site__code=exclude_site)
    if place:
        # Relevance first; the queryset's order (newest improvement) breaks ties.
        ranked = sorted(evidence, key=lambda e: place[e.measure.project_id])
        evidence = ranked[:limit] if limit else ranked  # type: ignore[assignment]
    elif limit:
        evidence = evidence[:limit]
    return [
        WorkedChange(
            change=e.change_idea.text,
            project=e.measure.project,
            measure=e.measure.name,
            sentence=e.sentence,
            adopted_on=e.adopted_on,
            improved_from=e.first_period,
            metric=e.measure.series.metric.name if e.measure.series_id else "",
        )
        for e in evidence
    ]


def metrics_with_evidence() -> QuerySet[Metric]:
    """QLS metrics some project improved: the choices of "what worked elsewhere"."""
    return (
        Metric.objects.filter(series__project_measures__evidence__found=True)
        .distinct()
        .order_by("name")
    )
