"""Engine-neutral helpers: the passage that matched, and projects sharing words."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qls.projects.search.postgres import postgres_related, postgres_snippets
from qls.projects.search.sqlite import sqlite_related, sqlite_snippets
from qls.projects.search.terms import START_MARK, STOP_MARK, query_terms


def snippets(ids: Sequence[int], text: str) -> dict[int, SafeString]:
    """For the projects ``ids`` (one page of results), the passage that matched,
    HTML-escaped with the matched words in ``<mark>``."""
    terms = query_terms(text)
    if not ids or not terms:
        return {}
    raw = (
        postgres_snippets(ids, terms)
        if connection.vendor == "postgresql"
        else sqlite_snippets(ids, terms)
    )
    return {pk: _marked(s) for pk, s in raw.items() if s}


def _marked(raw: str) -> SafeString:
    safe = escape(raw).replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
    return mark_safe(safe)  # escaped above; only our markers become tags


def related_by_text(text: str, limit: int = 50) -> list[tuple[int, float]]:
    """(project id, score) for projects sharing any word of ``text``, best first."""
    terms = query_terms(text)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return postgres_related(terms, limit)
    return sqlite_related(terms, limit)
