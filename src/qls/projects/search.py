"""Full-text search over projects, with filters: one interface, two database engines.

``search_projects(text, filters)`` returns a queryset of projects, best
match first. What a project is found by lives in its ``SearchDocument``
(title; problem, aim, tags and place; change ideas, PDSA notes and lessons),
rebuilt by ``index_projects`` whenever the project, its driver diagram, its
cycles or its evaluation change (see ``qls.projects.signals``) and in bulk by
``manage.py reindex_projects`` and the demo.

The engines differ only in SQL:

- SQLite: an FTS5 table ``projects_search_fts`` over the document table
  (external content, kept in step by triggers created in the migration),
  ranked by ``bm25`` with the title weighted highest, snippets by ``snippet``.
- PostgreSQL: a ``tsvector`` column on the document, weighted A/B/C and set
  by a trigger, GIN-indexed, matched by ``websearch_to_tsquery`` and ranked
  by ``ts_rank`` (Django's SearchQuery/SearchRank), snippets by
  ``ts_headline`` (SearchHeadline).

Anything else (filters, ordering, paging, export) is plain ORM and the same
on both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qls.core.limits import SEARCH_DETAIL_MAX, SEARCH_SUMMARY_MAX, TITLE_MAX
from qls.projects.models import (
    DriverNode,
    Evaluation,
    Evidence,
    PDSACycle,
    Project,
    ProjectMember,
    SearchDocument,
)

FTS_TABLE = "projects_search_fts"
# bm25 weights for the FTS5 columns (title, summary, detail), like the
# PostgreSQL A/B/C weights: a word in the title counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
PG_CONFIG = "english"
# Markers put around matched words by the engine, swapped for <mark> after
# the text is escaped, so a project's own text can never inject markup.
_START, _STOP = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


@dataclass
class SearchFilters:
    """What the list is narrowed to. Empty collections mean "any"."""

    sites: Sequence[str] = ()  # Site codes
    wards: Sequence[str] = ()  # Ward codes
    specialties: Sequence[str] = ()  # Specialty codes
    aims: Sequence[int] = ()  # StrategicAim numbers
    domains: Sequence[str] = ()  # QualityDomain slugs
    stages: Sequence[str] = ()
    categories: Sequence[str] = ()
    evidence: bool = False  # only projects with evidence of improvement
    lead_groups: Sequence[str] = ()  # staff group of the project lead
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None  # exclusive
    tags: Sequence[str] = field(default_factory=tuple)
    # Confirmed IHI progress score: a value on the scale, or "none" for not yet confirmed.
    score: str = ""


def search_projects(text: str = "", filters: SearchFilters | None = None) -> QuerySet[Project]:
    """Projects matching ``text`` (all words, any order) and ``filters``, best first.

    With no text the newest registrations come first. Each project carries
    ``search_rank`` (higher is better, 0 without text) for display; the
    queryset can be paged, counted and exported like any other.
    """
    projects = apply_filters(Project.objects.all(), filters or SearchFilters())
    terms = query_terms(text)
    if not terms:
        return projects.order_by("-created_at", "-pk")
    if connection.vendor == "postgresql":
        return _postgres_match(projects, terms)
    return _sqlite_match(projects, terms)


def apply_filters(projects: QuerySet[Project], f: SearchFilters) -> QuerySet[Project]:
    """Narrow ``projects``; many-to-many filters use subqueries so no row repeats."""
    if f.sites:
        projects = projects.filter(site__code__in=f.sites)
    if f.wards:
        projects = projects.filter(ward__code__in=f.wards)
    if f.specialties:
        projects = projects.filter(specialty__code__in=f.specialties)
    if f.stages:
        projects = projects.filter(stage__in=f.stages)
    if f.categories:
        projects = projects.filter(category__in=f.categories)
    if f.aims:
        aims_through = Project.strategic_aims.through
        projects = projects.filter(
            Exists(
                aims_through.objects.filter(
                    project_id=OuterRef("pk"), strategicaim__number__in=f.aims
                )
            )
        )
    if f.domains:
        domains_through = Project.domains.through
        projects = projects.filter(
            Exists(
                domains_through.objects.filter(
                    project_id=OuterRef("pk"), qualitydomain__slug__in=f.domains
                )
            )
        )
    if f.tags:
        tags_through = Project.tags.through
        projects = projects.filter(
            Exists(tags_through.objects.filter(project_id=OuterRef("pk"), tag__name__in=f.tags))
        )
    if f.evidence:
        projects = projects.filter(with_evidence())
    if f.lead_groups:
        projects = projects.filter(
            Exists(
                ProjectMember.objects.filter(
                    project_id=OuterRef("pk"),
                    role=ProjectMember.Role.LEAD,
                    staff__staff_group__in=f.lead_groups,
                )
            )
        )
    if f.score:
        from qls.projects.progress import parse
        from qls.projects.scores import scored_at

        value = parse(f.score)
        if f.score == "none":
            projects = projects.exclude(pk__in=scored_at(None))
        elif value is not None:
            projects = projects.filter(pk__in=scored_at(value))
    if f.registered_from:
        projects = projects.filter(created_at__date__gte=f.registered_from)
    if f.registered_to:
        projects = projects.filter(created_at__date__lt=f.registered_to)
    return projects


def for_display(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What a list row shows (place, aims, lead, evidence, confirmed progress score),
    in a fixed number of queries."""
    from qls.projects.scores import with_progress_score

    leads = ProjectMember.objects.filter(role=ProjectMember.Role.LEAD).select_related("staff")
    if "progress_score" not in projects.query.annotations:
        projects = with_progress_score(projects)
    return (
        projects.select_related("site", "ward", "specialty")
        .prefetch_related("strategic_aims", Prefetch("members", queryset=leads, to_attr="leads"))
        .annotate(has_evidence=with_evidence())
    )


def with_evidence() -> Exists:
    """A filter: the project has a measure with evidence of improvement."""
    return Exists(Evidence.objects.filter(measure__project_id=OuterRef("pk"), found=True))


def query_terms(text: str) -> list[str]:
    """The words of a search box, lower-cased; punctuation and operators dropped.

    Users type plain words; neither FTS5 nor tsquery syntax may leak through
    (an unbalanced quote would be an SQL error on SQLite).
    """
    return [w.lower() for w in _WORD.findall(text or "")][:MAX_TERMS]


# ------------------------------------------------------------------ SQLite FTS5


def _fts_query(terms: Iterable[str], *, any_term: bool = False) -> str:
    # Each word quoted (so "and"/"or"/"near" are words, not operators) and
    # prefix-matched, so "discharg" and "discharge" both find "discharges".
    return (" OR " if any_term else " ").join(f'"{t}"*' for t in terms)


# Relevance first, then what a project has to teach: for the same words, a
# project that showed evidence of improvement, or that finished, outranks an
# idea nobody has tested. Multipliers of the text rank, so words still lead.
EVIDENCE_BOOST = 0.6
STAGE_BOOST = {"closed": 0.3, "sustaining": 0.3, "implementing": 0.2, "testing": 0.1}
IDEA_PENALTY = 0.2  # an idea with no aim or measure yet


def _boost_sql(project: str = "projects_project") -> str:
    """SQL for 1 + the project's boost, the same on SQLite and PostgreSQL."""
    stages = " ".join(f"WHEN '{s}' THEN {b}" for s, b in STAGE_BOOST.items())
    return (
        f"CAST(1.0 + CASE WHEN EXISTS (SELECT 1 FROM projects_evidence e "
        f"JOIN projects_measure m ON m.id = e.measure_id "
        f"WHERE m.project_id = {project}.id AND e.found) THEN {EVIDENCE_BOOST} ELSE 0 END "
        f"+ CASE {project}.stage {stages} WHEN 'idea' THEN -{IDEA_PENALTY} ELSE 0 END "
        "AS DOUBLE PRECISION)"
    )


def _sqlite_match(projects: QuerySet[Project], terms: list[str]) -> QuerySet[Project]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    # extra() joins the FTS table so the rank is computed once, in the same
    # query as the filters, and ordering, counting and slicing stay in SQL.
    return projects.extra(  # fixed SQL; the user's words are a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = projects_project.id", f"{FTS_TABLE} MATCH %s"],
        params=[_fts_query(terms)],
        select={"search_rank": f"-bm25({FTS_TABLE}, {weights}) * {_boost_sql()}"},
    ).order_by("-search_rank", "-pk")


def _sqlite_snippets(ids: Sequence[int], terms: list[str]) -> dict[int, str]:
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT rowid, snippet({FTS_TABLE}, -1, %s, %s, '…', 24) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_START, _STOP, _fts_query(terms), *ids])
        return dict(cursor.fetchall())


def _sqlite_related(terms: list[str], limit: int) -> list[tuple[int, float]]:
    sql = (
        f"SELECT rowid, -bm25({FTS_TABLE}, {', '.join(str(w) for w in BM25_WEIGHTS)}) AS r "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY r DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts_query(terms, any_term=True), limit])
        return [(int(pk), float(rank)) for pk, rank in cursor.fetchall()]


# ------------------------------------------------------------------ PostgreSQL


def _pg_query(terms: list[str], *, any_term: bool = False):
    from django.contrib.postgres.search import SearchQuery

    # A raw tsquery built from plain words, each prefix-matched as on SQLite;
    # words like "or" stay words (websearch syntax would read them as operators).
    joiner = " | " if any_term else " & "
    return SearchQuery(joiner.join(f"{t}:*" for t in terms), search_type="raw", config=PG_CONFIG)


def _postgres_match(projects: QuerySet[Project], terms: list[str]) -> QuerySet[Project]:
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F, FloatField
    from django.db.models.expressions import RawSQL

    query = _pg_query(terms)
    boost = RawSQL(_boost_sql(Project._meta.db_table), [], output_field=FloatField())
    return (
        projects.filter(search_document__vector=query)
        .annotate(search_rank=SearchRank(F("search_document__vector"), query) * boost)
        .order_by("-search_rank", "-pk")
    )


def _postgres_snippets(ids: Sequence[int], terms: list[str]) -> dict[int, str]:
    from django.contrib.postgres.search import SearchHeadline
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat

    headline = SearchHeadline(
        Concat("summary", Value(" "), "detail", output_field=TextField()),
        _pg_query(terms),
        config=PG_CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=30,
        min_words=15,
    )
    rows = SearchDocument.objects.filter(pk__in=ids).annotate(h=headline).values_list("pk", "h")
    return dict(rows)


def _postgres_related(terms: list[str], limit: int) -> list[tuple[int, float]]:
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F

    query = _pg_query(terms, any_term=True)
    rows = (
        SearchDocument.objects.filter(vector=query)
        .annotate(r=SearchRank(F("vector"), query))
        .order_by("-r")
        .values_list("pk", "r")[:limit]
    )
    return [(int(pk), float(r)) for pk, r in rows]


# ------------------------------------------------------------------ engine-neutral helpers


def snippets(ids: Sequence[int], text: str) -> dict[int, SafeString]:
    """For the projects ``ids`` (one page of results), the passage that matched,
    HTML-escaped with the matched words in ``<mark>``."""
    terms = query_terms(text)
    if not ids or not terms:
        return {}
    raw = (
        _postgres_snippets(ids, terms)
        if connection.vendor == "postgresql"
        else _sqlite_snippets(ids, terms)
    )
    return {pk: _marked(s) for pk, s in raw.items() if s}


def _marked(raw: str) -> SafeString:
    safe = escape(raw).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # escaped above; only our markers become tags


def related_by_text(text: str, limit: int = 50) -> list[tuple[int, float]]:
    """(project id, score) for projects sharing any word of ``text``, best first."""
    terms = query_terms(text)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _postgres_related(terms, limit)
    return _sqlite_related(terms, limit)


# ------------------------------------------------------------------ keeping documents current


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


# ------------------------------------------------------------------ signals


def _project_id(instance: object) -> int | None:
    if isinstance(instance, Project):
        return instance.pk
    if isinstance(instance, DriverNode | Evaluation):
        return instance.project_id
    if isinstance(instance, PDSACycle):
        return (
            DriverNode.objects.filter(pk=instance.change_idea_id)
            .values_list("project_id", flat=True)
            .first()
        )
    return None


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the rows may not all be there yet
        return
    pid = _project_id(instance)
    if pid is not None:
        index_projects([pid])


def _on_delete(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Project):
        return  # the whole project is going, its document with it
    pid = _project_id(instance)
    if pid is None:
        return
    # After commit: the project may still be going in the same transaction,
    # and re-creating its document mid-delete would block that.
    transaction.on_commit(lambda: _reindex_if_exists(pid))


def _reindex_if_exists(pid: int) -> None:
    if Project.objects.filter(pk=pid).exists():
        index_projects([pid])


def _on_tags(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Project):
        index_projects([instance.pk])


def connect_signals() -> None:
    """Keep search documents current on every ORM save (bulk writes call ``index_projects``)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in (Project, DriverNode, PDSACycle, Evaluation):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model.__name__}")
    for model in (DriverNode, PDSACycle, Evaluation):
        post_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-delete-{model.__name__}"
        )
    m2m_changed.connect(_on_tags, sender=Project.tags.through, dispatch_uid="search-tags")
