"""Forum search: the same engines as project search, over titles and posts.

SQLite: the FTS5 table ``community_forum_fts`` (title, body, thread), one
row per visible post with the id of the post as its rowid, kept in step by
triggers made in the migration (hiding a post takes it out); only an opening
post carries its thread's title, so a title counts once. Ranked by ``bm25``
with the title weighted highest.

PostgreSQL: the ``search`` tsvector of each post (title A, body B), set by a
trigger, GIN-indexed, matched by a prefix tsquery and ranked by ``ts_rank``.

Either way a thread is found by its best-matching visible post, and the
result links to that post. Words are the user's plain words, as in
``qls.projects.search.terms.query_terms``: no operator syntax gets through.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qls.community.forum.models import ForumThread
from qls.projects.search.terms import query_terms

FTS_TABLE = "community_forum_fts"
PAGE_SIZE = 20
_START, _STOP = "\x02", "\x03"


@dataclass
class Hit:
    thread: ForumThread
    post_id: int
    snippet: SafeString


@dataclass
class Results:
    hits: list[Hit]
    total: int
    terms: list[str]


def search(text: str, *, page: int = 1, per_page: int = PAGE_SIZE) -> Results:
    """Threads whose title or a visible post holds every word of ``text``, best first."""
    terms = query_terms(text)
    if not terms:
        return Results([], 0, [])
    offset = max(page - 1, 0) * per_page
    if connection.vendor == "postgresql":
        rows, total = _postgres(terms, per_page, offset)
    else:
        rows, total = _sqlite(terms, per_page, offset)
    threads = ForumThread.objects.select_related("category", "author").in_bulk(
        [thread_id for thread_id, _post in rows]
    )
    snippets = _snippets([post for _thread, post in rows], terms)
    hits = [
        Hit(threads[thread_id], post_id, snippets.get(post_id, SafeString("")))
        for thread_id, post_id in rows
        if thread_id in threads
    ]
    return Results(hits, total, terms)


def _marked(raw: str) -> SafeString:
    safe = escape(raw).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # escaped above; only our markers become tags


# ------------------------------------------------------------------ SQLite FTS5


def _fts_query(terms: list[str]) -> str:
    return " ".join(f'"{t}"*' for t in terms)


# Posts read per thread wanted on a page: threads have a handful of posts, so
# this many of the best posts nearly always hold enough threads; if not, all are read.
_POSTS_PER_THREAD = 8


def _sqlite(terms: list[str], limit: int, offset: int) -> tuple[list[tuple[int, int]], int]:
    # Hidden posts are not in the index, and the thread is a column of it, so
    # neither query joins: both stay inside FTS5. bm25 cannot sit inside an
    # aggregate, so the best posts come back in order and the first post seen
    # of each thread stands for it.
    query = _fts_query(terms)
    wanted = offset + limit
    sql = (
        f"SELECT thread_id, rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f"ORDER BY bm25({FTS_TABLE}, 10.0, 1.0, 0.0), rowid DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [query, wanted * _POSTS_PER_THREAD])
        fetched = cursor.fetchall()
        complete = len(fetched) < wanted * _POSTS_PER_THREAD  # every match is here
        best = _first_of_each(fetched)
        if len(best) < wanted and not complete:
            cursor.execute(sql, [query])
            best, complete = _first_of_each(cursor.fetchall()), True
        if complete:
            total = len(best)
        else:
            cursor.execute(
                f"SELECT COUNT(DISTINCT thread_id) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [query],
            )
            total = int(cursor.fetchone()[0])
    rows = list(best.items())
    return rows[offset : offset + limit], total


def _first_of_each(rows) -> dict[int, int]:
    best: dict[int, int] = {}
    for thread_id, post_id in rows:
        best.setdefault(int(thread_id), int(post_id))
    return best


def _sqlite_snippets(post_ids: list[int], terms: list[str]) -> dict[int, str]:
    marks = ", ".join(["%s"] * len(post_ids))
    sql = (
        f"SELECT rowid, snippet({FTS_TABLE}, 1, %s, %s, '…', 24) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_START, _STOP, _fts_query(terms), *post_ids])
        return dict(cursor.fetchall())


# ------------------------------------------------------------------ PostgreSQL


def _tsquery(terms: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in terms)


def _postgres(terms: list[str], limit: int, offset: int) -> tuple[list[tuple[int, int]], int]:
    matches = (
        "SELECT p.thread_id, p.id AS post_id, ts_rank(p.search, q) AS r "
        "FROM community_forum_post p, to_tsquery('english', %s) q "
        "WHERE p.search @@ q AND p.hidden_at IS NULL"
    )
    query = _tsquery(terms)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT thread_id, post_id, COUNT(*) OVER () FROM ("
            f"SELECT DISTINCT ON (thread_id) thread_id, post_id, r FROM ({matches}) m "
            "ORDER BY thread_id, r DESC) b ORDER BY r DESC, thread_id DESC LIMIT %s OFFSET %s",
            [query, limit, offset],
        )
        found = cursor.fetchall()
    rows = [(int(t), int(p)) for t, p, _n in found]
    if found:
        return rows, int(found[0][2])
    if offset:  # past the last page: count what there is
        return rows, _postgres(terms, 1, 0)[1]
    return rows, 0


def _postgres_snippets(post_ids: list[int], terms: list[str]) -> dict[int, str]:
    sql = (
        "SELECT id, ts_headline('english', body, to_tsquery('english', %s), %s) "
        "FROM community_forum_post WHERE id = ANY(%s)"
    )
    options = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=15"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_tsquery(terms), options, post_ids])
        return dict(cursor.fetchall())


def _snippets(post_ids: list[int], terms: list[str]) -> dict[int, SafeString]:
    if not post_ids:
        return {}
    if connection.vendor == "postgresql":
        raw = _postgres_snippets(post_ids, terms)
    else:
        raw = _sqlite_snippets(post_ids, terms)
    return {pk: _marked(s) for pk, s in raw.items() if s}
