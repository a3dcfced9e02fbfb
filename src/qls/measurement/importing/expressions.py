"""A guard on the SQL snippets a metric's record-level definition holds.

The filter, numerator and denominator are DuckDB expressions over the
extract's columns. DuckDB can read and write files and load extensions, so
only a small expression language is let through: column names, numbers,
quoted text, operators, CASE, CAST, IN, BETWEEN, LIKE and a list of plain
functions.

The text is parsed by DuckDB's own parser (``json_serialize_sql``), so what
is checked is exactly what DuckDB would run: a function is a function
whether its name is quoted or not, and a sub-query, a table function, a
file, another table or a second statement cannot hide in spelling. The
syntax tree is then walked against an allow-list; anything not on it is
refused with the offending part named.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from typing import Any

import duckdb

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


# Operators DuckDB's parser turns into function calls: arithmetic, text
# concatenation, LIKE / ILIKE / GLOB and their negations.
OPERATORS = frozenset(
    ["+", "-", "*", "/", "//", "%", "^", "**", "||", "~~", "!~~", "~~*", "!~~*", "~~~", "!~~~"]
)
# What ``INTERVAL 3 DAY`` becomes in the parser.
INTERVAL_FUNCTIONS = frozenset(
    [
        "to_days",
        "to_hours",
        "to_minutes",
        "to_seconds",
        "to_weeks",
        "to_months",
        "to_years",
        "trunc",
    ]
)
ALLOWED_OPERATORS = frozenset(
    [
        "COMPARE_IN",
        "COMPARE_NOT_IN",
        "OPERATOR_NOT",
        "OPERATOR_IS_NULL",
        "OPERATOR_IS_NOT_NULL",
        "OPERATOR_COALESCE",
        "OPERATOR_NULLIF",
    ]
)
_DESCRIBED = {
    "SUBQUERY": "a sub-query",
    "STAR": "a * or COLUMNS(...)",
    "PARAMETER": "a parameter",
    "WINDOW": "a window function",
    "LAMBDA": "a lambda",
    "COLLATE": "COLLATE",
}
_PREFIX = "SELECT "


class ExpressionError(ValueError):
    """The expression uses something outside the allowed SQL subset."""


_local = threading.local()


def _parse(text: str) -> dict[str, Any]:
    """DuckDB's syntax tree of ``SELECT <text>``, as JSON."""
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = duckdb.connect(":memory:")
    row = connection.execute("SELECT json_serialize_sql(?::VARCHAR)", [_PREFIX + text]).fetchone()
    return json.loads(row[0]) if row else {"error": True, "error_message": "nothing to parse"}


class _Checker:
    def __init__(self, text: str, label: str) -> None:
        self.text = text
        self.label = label
        self.used: set[str] = set()

    def where(self, node: dict[str, Any]) -> str:
        location = node.get("query_location")
        if isinstance(location, int) and len(_PREFIX) <= location < len(_PREFIX) + len(self.text):
            return f" (at character {location - len(_PREFIX) + 1})"
        return ""

    def refuse(self, node: dict[str, Any], what: str) -> ExpressionError:
        return ExpressionError(f"The {self.label} cannot contain {what}{self.where(node)}.")

    def walk(self, node: Any) -> None:
        if node is None:
            return
        if not isinstance(node, dict):
            raise ExpressionError(f"The {self.label} is not an expression DuckDB can read.")
        kind = node.get("class")
        if kind == "CONSTANT":
            return
        if kind == "COLUMN_REF":
            names = node.get("column_names") or []
            if len(names) != 1:
                shown = ".".join(str(n) for n in names)
                raise self.refuse(node, f"{shown!r}: name a column of the extract, on its own")
            self.used.add(str(names[0]).lower())
            return
        if kind == "FUNCTION":
            self.function(node)
            return
        if kind == "OPERATOR":
            if node.get("type") not in ALLOWED_OPERATORS:
                raise self.refuse(node, f"the operator {node.get('type')!r}")
            self.walk_all(node.get("children"))
            return
        if kind == "CONJUNCTION":
            self.walk_all(node.get("children"))
            return
        if kind == "COMPARISON":
            self.walk(node.get("left"))
            self.walk(node.get("right"))
            return
        if kind == "BETWEEN":
            for part in ("input", "lower", "upper"):
                self.walk(node.get(part))
            return
        if kind == "CASE":
            for check in node.get("case_checks") or []:
                self.walk(check.get("when_expr"))
                self.walk(check.get("then_expr"))
            self.walk(node.get("else_expr"))
            return
        if kind == "CAST":
            self.walk(node.get("child"))
            self.type_expr(node.get("type_expr"))
            return
        raise self.refuse(node, _DESCRIBED.get(str(kind), f"a {str(kind).lower()} expression"))

    def walk_all(self, nodes: Any) -> None:
        for child in nodes or []:
            self.walk(child)

    def type_expr(self, node: Any) -> None:
        # A type's arguments (DECIMAL(10, 2)) are constants; nothing else belongs there.
        if node is None:
            return
        if not isinstance(node, dict) or node.get("class") != "TYPE":
            raise ExpressionError(f"The {self.label} has a CAST to something that is not a type.")
        if node.get("catalog") or node.get("schema"):
            raise self.refuse(node, "a type from another schema")
        for child in node.get("children") or []:
            if not isinstance(child, dict) or child.get("class") not in ("CONSTANT", "TYPE"):
                raise self.refuse(node, "a type with computed arguments")
            if child.get("class") == "TYPE":
                self.type_expr(child)

    def function(self, node: dict[str, Any]) -> None:
        name = str(node.get("function_name", ""))
        word = name.lower()
        allowed = (
            word in OPERATORS if node.get("is_operator") else False
        ) or word in FUNCTIONS | INTERVAL_FUNCTIONS
        if node.get("catalog") or node.get("schema") or not allowed:
            shown = ".".join(p for p in (node.get("catalog"), node.get("schema"), name) if p)
            raise ExpressionError(
                f"The {self.label} cannot call {shown}(){self.where(node)}; it is not allowed."
            )
        if node.get("filter") is not None or node.get("distinct") or node.get("export_state"):
            raise self.refuse(node, f"FILTER, DISTINCT or EXPORT_STATE on {name}()")
        if (node.get("order_bys") or {}).get("orders"):
            raise self.refuse(node, f"ORDER BY inside {name}()")
        if "arguments" in node:
            for argument in node["arguments"] or []:
                self.walk(argument.get("expression") if isinstance(argument, dict) else argument)
        else:
            self.walk_all(node.get("children"))


def check_expression(text: str, *, label: str, columns: Iterable[str] | None = None) -> set[str]:
    """Raise ExpressionError unless ``text`` is an allowed expression.

    Returns the column names it refers to (lower case). When ``columns`` is
    given, every name must be one of them (case-insensitively).

    >>> sorted(check_expression("coalesce(minutes, 0) < 60", label="filter"))
    ['minutes']
    """
    known = {c.lower() for c in columns} if columns is not None else None
    stripped = (text or "").strip()
    if not stripped:
        raise ExpressionError(f"Enter the {label}.")
    for marker in (";", "--", "/*", "\x00"):
        if marker in stripped:
            shown = "a NUL character" if marker == "\x00" else repr(marker)
            raise ExpressionError(f"The {label} cannot contain {shown}.")
    tree = _parse(stripped)
    if tree.get("error"):
        detail = str(tree.get("error_message") or "").splitlines()[0:1]
        reason = detail[0].replace(_PREFIX, "", 1) if detail else "it does not parse"
        raise ExpressionError(f"The {label} is not an expression DuckDB can read: {reason}")
    statements = tree.get("statements") or []
    if len(statements) != 1:
        raise ExpressionError(f"The {label} must be one expression, not several statements.")
    query = statements[0].get("node") or {}
    _check_plain_select(query, label)
    checker = _Checker(stripped, label)
    checker.walk(query["select_list"][0])
    if known is not None:
        unknown = sorted(checker.used - known)
        if unknown:
            raise ExpressionError(
                f"The {label} refers to {', '.join(unknown)}, which "
                + ("is not a column" if len(unknown) == 1 else "are not columns")
                + " of the data set."
            )
    return checker.used


def _check_plain_select(query: dict[str, Any], label: str) -> None:
    """``SELECT <one expression>`` and nothing more: no FROM, WHERE, UNION, WITH, ORDER BY."""
    extras = (
        query.get("type") != "SELECT_NODE"
        or (query.get("from_table") or {}).get("type") != "EMPTY"
        or query.get("where_clause") is not None
        or query.get("having") is not None
        or query.get("qualify") is not None
        or query.get("sample") is not None
        or query.get("group_expressions")
        or query.get("modifiers")
        or (query.get("cte_map") or {}).get("map")
    )
    if extras:
        raise ExpressionError(
            f"The {label} cannot contain a query (FROM, WHERE, UNION, WITH or the like): "
            "write one expression over the extract's columns."
        )
    select_list = query.get("select_list") or []
    if len(select_list) != 1:
        raise ExpressionError(f"The {label} must be one expression, without commas between parts.")
    if select_list[0].get("alias"):
        raise ExpressionError(f"The {label} cannot name its result ({select_list[0]['alias']!r}).")
