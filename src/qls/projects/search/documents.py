"""Building and saving each project's search document."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from qls.core.limits import SEARCH_DETAIL_MAX, SEARCH_SUMMARY_MAX, TITLE_MAX
from qls.projects.models import (
    DriverNode,
    Evaluation,
    PDSACycle,
    Project,
    SearchDocument,
)


def document_texts(project_ids: Iterable[int] | None = None) -> list[SearchDocument]:
    """Build (without saving) the search documents of ``project_ids`` (all when None).

    A handful of queries whatever the number of projects, so the demo and
    ``reindex_projects`` can index thousands at once.
    """
    projects = Project.objects.select_related("site", "ward", "specialty").order_by()
    ids = None if project_ids is None else list(project_ids)
    if ids is not None:
        projects = projects.filter(pk__in=ids)
    docs: dict[int, dict[str, list[str]]] = {}
    for p in projects.prefetch_related("tags"):
        place = [x.name for x in (p.site, p.ward, p.specialty) if x is not None]
        docs[p.pk] = {
            "title": [p.title],
            "summary": [p.problem, p.aim_statement, *(t.name for t in p.tags.all()), *place],
            "detail": [],
        }

    def scoped(qs, field):
        return qs if ids is None else qs.filter(**{f"{field}__in": ids})

    nodes = scoped(DriverNode.objects.order_by("position", "pk"), "project_id")
    for pid, text in nodes.values_list("project_id", "text"):
        if pid in docs:
            docs[pid]["detail"].append(text)
    cycles = scoped(PDSACycle.objects.order_by("number", "pk"), "change_idea__project_id")
    for row in cycles.values_list(
        "change_idea__project_id",
        "title",
        "plan_what",
        "prediction",
        "do_notes",
        "study_notes",
        "act_notes",
    ):
        if row[0] in docs:
            docs[row[0]]["detail"].extend(t for t in row[1:] if t)
    evaluations = scoped(Evaluation.objects.all(), "project_id")
    for row in evaluations.values_list(
        "project_id", "lessons_learned", "do_differently", "spread_potential"
    ):
        if row[0] in docs:
            docs[row[0]]["detail"].extend(t for t in row[1:] if t)
    # However many cycles a project has, its document is bounded (and the
    # table's constraints say so): the engines' cost of ranking, and of
    # building snippets, grows with the text they read. The project keeps
    # every word; only what search reads of a very long one is cut.
    return [
        SearchDocument(
            project_id=pid,
            title=" ".join(parts["title"])[:TITLE_MAX],
            summary="\n".join(s for s in parts["summary"] if s)[:SEARCH_SUMMARY_MAX],
            detail="\n".join(parts["detail"])[:SEARCH_DETAIL_MAX],
        )
        for pid, parts in docs.items()
    ]


def index_projects(project_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search documents of ``project_ids`` (every project when None).

    The engines' own indexes follow by trigger. Returns how many were written.
    """
    ids = None if project_ids is None else list(project_ids)
    with transaction.atomic():
        docs = document_texts(ids)
        stale = SearchDocument.objects.all()
        if ids is not None:
            stale = stale.filter(pk__in=ids)
        stale.delete()
        SearchDocument.objects.bulk_create(docs, batch_size=500)
    return len(docs)
