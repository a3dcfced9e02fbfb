"""Search on SQLite: an FTS5 table ranked by bm25."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import QuerySet

from qls.projects.models import Project
from qls.projects.search.ranking import boost_sql
from qls.projects.search.terms import START_MARK, STOP_MARK

FTS_TABLE = "projects_search_fts"

# bm25 weights for the FTS5 columns (title, summary, detail), like the
# PostgreSQL A/B/C weights: a word in the title counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0)


def _fts_query(terms: Iterable[str], *, any_term: bool = False) -> str:
    # Each word quoted (so "and"/"or"/"near" are words, not operators) and
    # prefix-matched, so "discharg" and "discharge" both find "discharges".
    return (" OR " if any_term else " ").join(f'"{t}"*' for t in terms)


def sqlite_match(projects: QuerySet[Project], terms: list[str]) -> QuerySet[Project]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    # extra() joins the FTS table so the rank is computed once, in the same
    # query as the filters, and ordering, counting and slicing stay in SQL.
    return projects.extra(  # fixed SQL; the user's words are a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = projects_project.id", f"{FTS_TABLE} MATCH %s"],
        params=[_fts_query(terms)],
        select={"search_rank": f"-bm25({FTS_TABLE}, {weights}) * {boost_sql()}"},
    ).order_by("-search_rank", "-pk")


def sqlite_snippets(ids: Sequence[int], terms: list[str]) -> dict[int, str]:
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT rowid, snippet({FTS_TABLE}, -1, %s, %s, '…', 24) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [START_MARK, STOP_MARK, _fts_query(terms), *ids])
        return dict(cursor.fetchall())


def sqlite_related(terms: list[str], limit: int) -> list[tuple[int, float]]:
    sql = (
        f"SELECT rowid, -bm25({FTS_TABLE}, {', '.join(str(w) for w in BM25_WEIGHTS)}) AS r "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY r DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts_query(terms, any_term=True), limit])
        return [(int(pk), float(rank)) for pk, rank in cursor.fetchall()]
