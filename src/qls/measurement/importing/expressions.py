"""A guard on the SQL snippets a metric's record-level definition holds.

The filter, numerator and denominator are DuckDB expressions over the
extract's columns. DuckDB can read and write files and load extensions, so
only a small expression language is let through: column names, numbers,
quoted text, operators, CASE, CAST, IN, BETWEEN, LIKE and a list of plain
functions. Anything else (a semicolon, a comment, a sub-query, a table
function) is refused with the offending word named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>\d+(?:\.\d+)?)
      | (?P<str>'(?:[^']|'')*')
      | (?P<qid>"(?:[^"]|"")+")
      | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op><>|!=|<=|>=|\|\||::|[-+*/%=<>(),])
    )""",
    re.VERBOSE,
)

KEYWORDS = frozenset(
    [
        "and",
        "or",
        "not",
        "in",
        "is",
        "null",
        "true",
        "false",
        "case",
        "when",
        "then",
        "else",
        "end",
        "between",
        "like",
        "ilike",
        "as",
        "distinct",
        "interval",
    ]
)
TYPES = frozenset(
    [
        "integer",
        "int",
        "bigint",
        "smallint",
        "double",
        "float",
        "real",
        "decimal",
        "numeric",
        "varchar",
        "text",
        "date",
        "timestamp",
        "boolean",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "month",
        "months",
        "year",
        "years",
        "week",
        "weeks",
    ]
)
# Statement words: never part of an expression, and a column may not be called one.
FORBIDDEN = frozenset(
    [
        "select",
        "from",
        "where",
        "union",
        "copy",
        "attach",
        "detach",
        "pragma",
        "install",
        "load",
        "with",
        "into",
        "insert",
        "update",
        "delete",
        "drop",
        "create",
        "alter",
        "set",
        "call",
        "export",
        "import",
        "execute",
        "exec",
    ]
)
FUNCTIONS = frozenset(
    [
        "cast",
        "try_cast",
        "coalesce",
        "nullif",
        "lower",
        "upper",
        "trim",
        "abs",
        "round",
        "floor",
        "ceil",
        "greatest",
        "least",
        "length",
        "date_diff",
        "datediff",
        "date_part",
        "date_trunc",
        "year",
        "month",
        "day",
        "hour",
        "isodow",
        "dayofweek",
        "epoch",
        "starts_with",
        "ends_with",
        "contains",
        "regexp_matches",
        "try_strptime",
        "strptime",
        "if",
        "ifnull",
        "sqrt",
        "ln",
        "log",
        "exp",
    ]
)


class ExpressionError(ValueError):
    """The expression uses something outside the allowed SQL subset."""


def check_expression(text: str, *, label: str, columns: Iterable[str] | None = None) -> set[str]:
    """Raise ExpressionError unless ``text`` is an allowed expression.

    Returns the column names it refers to. When ``columns`` is given, every
    name must be one of them (case-insensitively).
    """
    known = {c.lower() for c in columns} if columns is not None else None
    used: set[str] = set()
    position = 0
    tokens: list[tuple[str, str]] = []
    stripped = text.rstrip()
    for marker in (";", "--", "/*"):
        if marker in stripped:
            raise ExpressionError(f"The {label} cannot contain {marker!r}.")
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if not match or match.end() == position:
            bad = stripped[position:].strip()[:20]
            raise ExpressionError(f"The {label} cannot contain {bad!r}.")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    depth = 0
    for index, (kind, value) in enumerate(tokens):
        following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        if kind == "op" and value == "(":
            depth += 1
        elif kind == "op" and value == ")":
            depth -= 1
            if depth < 0:
                raise ExpressionError(f"The {label} has a ')' without a matching '('.")
        elif kind == "id":
            word = value.lower()
            previous = tokens[index - 1][1].lower() if index else ""
            before = tokens[index - 2][1].lower() if index > 1 else ""
            if word in FORBIDDEN:
                raise ExpressionError(f"The {label} cannot contain {value!r}.")
            if following == "(":
                if word not in FUNCTIONS:
                    raise ExpressionError(f"The {label} cannot call {value}(); it is not allowed.")
            elif word in KEYWORDS or (
                word in TYPES and (previous in ("as", "::") or before == "interval")
            ):
                continue
            else:
                used.add(word)
        elif kind == "qid":
            used.add(value[1:-1].replace('""', '"').lower())
    if depth:
        raise ExpressionError(f"The {label} has a '(' that is not closed.")
    if known is not None:
        unknown = sorted(used - known)
        if unknown:
            raise ExpressionError(
                f"The {label} refers to {', '.join(unknown)}, which "
                + ("is not a column" if len(unknown) == 1 else "are not columns")
                + " of the data set."
            )
    return used
