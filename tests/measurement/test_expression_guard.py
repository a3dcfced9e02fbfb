"""The guard on record-level metric expressions, checked by properties.

Whatever text a definition holds, the guard answers with a clear
ExpressionError or lets through only what the allow-list names: listed
functions and the data set's columns, however they are quoted or cased.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qls.measurement.importing.expressions import FUNCTIONS, ExpressionError, check_expression

COLUMNS = ["arrived", "ward_code", "eligible", "screened", "minutes"]
# Functions that read files, the environment or other tables, or run SQL.
DANGEROUS = [
    "read_csv",
    "read_csv_auto",
    "read_text",
    "read_blob",
    "read_parquet",
    "read_json",
    "glob",
    "getenv",
    "query",
    "query_table",
    "sniff_csv",
    "duckdb_settings",
    "current_setting",
    "sum",
    "count",
]

FUZZ = settings(max_examples=100, deadline=None, derandomize=True)


def _spellings(name: str) -> st.SearchStrategy[str]:
    """The name as written, in any case, bare or quoted, optionally schema-qualified."""
    cased = st.builds(
        lambda flips: "".join(c.upper() if f else c for c, f in zip(name, flips, strict=False)),
        st.lists(st.booleans(), min_size=len(name), max_size=len(name)),
    )
    quoted = cased.map(lambda n: f'"{n}"')
    plain = st.one_of(cased, quoted)
    return st.one_of(plain, plain.map(lambda n: f"main.{n}"), plain.map(lambda n: f'"main".{n}'))


def _call(name: str) -> st.SearchStrategy[str]:
    args = st.sampled_from(["'/etc/passwd'", "'HOME'", "'select 1'", "ward_code", "*", ""])
    return st.builds(lambda n, a: f"{n}({a})", _spellings(name), args)


@FUZZ
@given(st.sampled_from(DANGEROUS).flatmap(_call), st.booleans())
def test_a_disallowed_function_is_refused_however_it_is_quoted(call, with_columns):
    with pytest.raises(ExpressionError):
        check_expression(call, label="numerator", columns=COLUMNS if with_columns else None)


@FUZZ
@given(
    st.sampled_from(DANGEROUS).flatmap(_call),
    st.sampled_from(["{} = 1", "coalesce({}, 0)", "CASE WHEN {} THEN 1 ELSE 0 END", "1 + ({})"]),
)
def test_a_disallowed_function_is_refused_inside_an_allowed_expression(call, shape):
    with pytest.raises(ExpressionError, match="cannot call"):
        check_expression(shape.format(call), label="filter")


TABLE_SHAPES = [
    "(SELECT 1)",
    "(SELECT count(*) FROM measurement_observation)",
    "1 IN (SELECT 1)",
    "EXISTS (SELECT 1)",
    "1 FROM read_csv('/etc/passwd')",
    "1 UNION SELECT 2",
    "(FROM 'x.csv')",
    "1 WHERE 1",
    "measurement_observation.value",
    '"main"."ward_code"',
    "ward_code AS x",
    "1, 2",
    "ward_code[1]",
    "* ",
    "$1",
]


@pytest.mark.parametrize("text", TABLE_SHAPES)
def test_no_sub_query_table_file_or_other_table_gets_through(text):
    with pytest.raises(ExpressionError):
        check_expression(text, label="denominator")


def _allowed() -> st.SearchStrategy[str]:
    column = st.sampled_from(COLUMNS).flatmap(lambda c: st.sampled_from([c, f'"{c}"', c.upper()]))
    literal = st.one_of(
        st.integers(-1000, 1000).map(str), st.sampled_from(["'Y'", "'it''s'", "NULL", "TRUE"])
    )
    leaf = st.one_of(column, literal)
    one_arg = sorted(
        {"lower", "upper", "trim", "abs", "length", "ln", "sqrt", "floor", "ceil", "round"}
        & FUNCTIONS
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(
                lambda a, op, b: f"({a} {op} {b})",
                inner,
                st.sampled_from(["+", "-", "*", "=", "<>", "<", ">=", "AND", "OR", "||"]),
                inner,
            ),
            st.builds(lambda f, a: f"{f}({a})", st.sampled_from(one_arg), inner),
            st.builds(lambda a, b: f"coalesce({a}, {b})", inner, inner),
            st.builds(
                lambda a, b, c: f"(CASE WHEN {a} THEN {b} ELSE {c} END)", inner, inner, inner
            ),
            st.builds(lambda a: f"CAST({a} AS VARCHAR)", inner),
            st.builds(lambda a: f"({a} IS NOT NULL)", inner),
            st.builds(lambda a, b: f"({a} IN ({b}, 1))", inner, inner),
            st.builds(lambda a: f"(NOT ({a}))", inner),
        )

    return st.recursive(leaf, extend, max_leaves=8)


@FUZZ
@given(_allowed())
def test_expressions_in_the_allowed_language_pass_and_name_their_columns(text):
    used = check_expression(text, label="numerator", columns=COLUMNS)
    assert used == {c for c in COLUMNS if c in text.lower()}


_NOISE = st.lists(
    st.sampled_from(
        [
            *["(", ")", "'", '"', "read_csv", "select", "from", "x", "1", ",", ".", "::"],
            *["CASE", "WHEN", "END", "lower", '"lower"', "*", "?", "[", "]", "{", "}", "->"],
            *["--", "\\"],
        ]
    ),
    max_size=12,
).map(" ".join)


@FUZZ
@given(st.one_of(st.text(max_size=60), _NOISE))
def test_any_text_gets_a_clear_answer_and_never_a_traceback(text):
    try:
        used = check_expression(text, label="filter", columns=COLUMNS)
    except ExpressionError as error:
        message = str(error)
    else:
        assert used <= set(COLUMNS)
        return
    assert message.startswith(("The filter", "Enter the filter"))
