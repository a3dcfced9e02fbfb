"""Reading the glossary: search, and the names to link in a piece of text."""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.cache import cache
from django.db.models import Q, QuerySet

from qls.community.glossary.models import Term


def search(q: str = "") -> QuerySet[Term]:
    """Terms whose name, other names or definition hold every word of ``q``."""
    found = Term.objects.all()
    for word in q.split()[:10]:
        found = found.filter(
            Q(term__icontains=word) | Q(aliases__icontains=word) | Q(definition__icontains=word)
        )
    return found.order_by("term")


# Help text on every form links its terms, so the names are cached: changed at
# once by the glossary's own editing, and within minutes after a bulk load.
_CACHE_KEY = "community:glossary:linkable"
_CACHE_SECONDS = 300


def linkable() -> tuple[tuple[str, str], ...]:
    """(name, slug) for every term and other name, longest first (so "run chart" beats "run")."""
    pairs = cache.get_or_set(_CACHE_KEY, _linkable, _CACHE_SECONDS)
    return pairs if pairs is not None else _linkable()


def forget() -> None:
    """Drop the cached names after a term changes."""
    cache.delete(_CACHE_KEY)


def _linkable() -> tuple[tuple[str, str], ...]:
    pairs = [
        (name, term.slug)
        for term in Term.objects.only("term", "aliases", "slug")
        for name in term.names
    ]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0].casefold())))


@lru_cache(maxsize=8)
def pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """One regular expression for all names, matching whole words only, in any case."""
    if not pairs:
        return None
    alternatives = "|".join(re.escape(name) for name, _ in pairs)
    return re.compile(rf"(?<![\w&#])(?:{alternatives})(?![\w])", re.IGNORECASE)
