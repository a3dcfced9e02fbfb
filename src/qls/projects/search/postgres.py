"""Search on PostgreSQL: a weighted tsvector ranked by ts_rank."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from qls.projects.models import Project, SearchDocument
from qls.projects.search.ranking import boost_sql
from qls.projects.search.terms import START_MARK, STOP_MARK

PG_CONFIG = "english"


def _pg_query(terms: list[str], *, any_term: bool = False):
    from django.contrib.postgres.search import SearchQuery

    # A raw tsquery built from plain words, each prefix-matched as on SQLite;
    # words like "or" stay words (websearch syntax would read them as operators).
    joiner = " | " if any_term else " & "
    return SearchQuery(joiner.join(f"{t}:*" for t in terms), search_type="raw", config=PG_CONFIG)


def postgres_match(projects: QuerySet[Project], terms: list[str]) -> QuerySet[Project]:
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F, FloatField
    from django.db.models.expressions import RawSQL

    query = _pg_query(terms)
    boost = RawSQL(boost_sql(Project._meta.db_table), [], output_field=FloatField())
    return (
        projects.filter(search_document__vector=query)
        .annotate(search_rank=SearchRank(F("search_document__vector"), query) * boost)
        .order_by("-search_rank", "-pk")
    )


def postgres_snippets(ids: Sequence[int], terms: list[str]) -> dict[int, str]:
    from django.contrib.postgres.search import SearchHeadline
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat

    headline = SearchHeadline(
        Concat("summary", Value(" "), "detail", output_field=TextField()),
        _pg_query(terms),
        config=PG_CONFIG,
        start_sel=START_MARK,
        stop_sel=STOP_MARK,
        max_words=30,
        min_words=15,
    )
    rows = SearchDocument.objects.filter(pk__in=ids).annotate(h=headline).values_list("pk", "h")
    return dict(rows)


def postgres_related(terms: list[str], limit: int) -> list[tuple[int, float]]:
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
