"""Normalising text so the same identifier written differently is found the same way."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Hyphens, dashes and the minus sign, which NFKC leaves alone.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SEP = rf"[\s.\-_{_DASHES}]"
_FOLD = re.compile(rf"(?<=\d){_SEP}{{1,3}}(?=\d)")


def normalise(text: str) -> str:
    """NFKC, no zero-width characters or underscores, one space for any separator between digits.

    >>> normalise("943\u2013476\u200b\u00a05919")
    '943 476 5919'
    """
    text = unicodedata.normalize("NFKC", text or "").translate(_ZERO_WIDTH)
    # File names join words with underscores: "scan_MRN_4471920.pdf".
    text = text.replace("_", " ")
    return _FOLD.sub(" ", text)
