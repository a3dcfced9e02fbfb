"""What a refused row's reason may quote from the file.

A rejected import's reasons are kept with the import and shown to every
analyst, so they must not carry a cell that could identify a patient (a
file with "John Smith DOB 01/02/1950" in its org unit column, say). The rule:

* a value is quoted only when it is shaped like a code, date or number: one
  word of letters, digits and ``- _ . /``, at most 40 characters, with no run
  of six or more digits (NHS, hospital and phone numbers have ten or more);
* anything else is described ("the text is not repeated") and the reason
  names the column and the problem, with the line number beside it.

So an unknown ward code ``BAS-W99`` or a period ``31/02/2024`` is still named
(that is what the analyst needs to fix it), and a name, an NHS number or a
sentence is not. ``scrub`` applies the same rule to reasons stored before it.
"""

from __future__ import annotations

import re

# One word of code-like characters; DuckDB and Python read the same pattern.
CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_./-]{0,39}"
LONG_DIGITS = r"[0-9]{6}"
NOT_REPEATED = "(the text is not repeated here)"

_CODE = re.compile(CODE_PATTERN)
_DIGITS = re.compile(LONG_DIGITS)
# A value the reasons quote: opened after a space, closed before a space, a
# separator or the end (so "the file's first date" is not taken for a quote,
# and "O'Brien" is taken whole).
_QUOTED = re.compile(r"(?<=\s)'(.*?)'(?=[\s;,)]|\.?$)")


def may_quote(value: str) -> bool:
    """Is ``value`` shaped like a code, date or number (safe to repeat in a reason)?

    >>> may_quote("BAS-W99"), may_quote("John Smith"), may_quote("9434765919")
    (True, False, False)
    """
    return bool(_CODE.fullmatch(value)) and not _DIGITS.search(value)


def shown_sql(column: str) -> str:
    """DuckDB SQL: `` 'value'`` when the cell may be quoted, else a note that it is not."""
    return (
        f"CASE WHEN regexp_full_match({column}, '{CODE_PATTERN}') "
        f"AND NOT regexp_matches({column}, '{LONG_DIGITS}') "
        f"THEN ' ''' || {column} || '''' ELSE ' {NOT_REPEATED}' END"
    )


def scrub(text: str) -> str:
    """``text`` with every quoted value that may not be quoted replaced by a note."""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        return match.group(0) if may_quote(inner) else NOT_REPEATED

    return _QUOTED.sub(replace, text)
