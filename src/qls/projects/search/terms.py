"""The words of a search box, and the markers the engines put around matches."""

from __future__ import annotations

import re

# Markers put around matched words by the engine, swapped for <mark> after
# the text is escaped, so a project's own text can never inject markup.
START_MARK, STOP_MARK = "\x02", "\x03"

_WORD = re.compile(r"\w+", re.UNICODE)

MAX_TERMS = 12


def query_terms(text: str) -> list[str]:
    """The words of a search box, lower-cased; punctuation and operators dropped.

    Users type plain words; neither FTS5 nor tsquery syntax may leak through
    (an unbalanced quote would be an SQL error on SQLite).
    """
    return [w.lower() for w in _WORD.findall(text or "")][:MAX_TERMS]
