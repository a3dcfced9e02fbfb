"""Checking aggregated observations (one row per metric, org unit, period and
stratum) in DuckDB SQL, so a large file is checked in one pass.

Columns (header names are not case-sensitive): ``metric``, ``org_unit``,
``period``, then ``value`` or ``numerator`` and ``denominator``, and
optionally ``stratum_dimension`` and ``stratum_value``. A row's problems are
all listed together; if any row has one, nothing is imported.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from qls.core.limits import TITLE_MAX, too_long_message
from qls.core.screening import find_patient_identifiers
from qls.measurement.importing import periods
from qls.measurement.importing.errors import FileProblem, RowProblem
from qls.measurement.importing.lookups import METRICS, ORG_UNITS
from qls.measurement.importing.privacy import shown_sql
from qls.measurement.importing.sources import LINE, Source, csv_lines, quote_ident
from qls.measurement.models import Series

COLUMNS = (
    "metric",
    "org_unit",
    "period",
    "value",
    "numerator",
    "denominator",
    "stratum_dimension",
    "stratum_value",
)
REQUIRED = ("metric", "org_unit", "period")
ALIASES = {
    "metric_code": "metric",
    "org_unit_code": "org_unit",
    "org_code": "org_unit",
    "period_start": "period",
    "dimension": "stratum_dimension",
    "stratum": "stratum_value",
}
MAX_LISTED = 1000
RAW = "qls_raw"
CLEAN = "qls_clean"


def load_source(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Materialise the file as text columns in ``qls_raw`` with ``__pos`` and ``__line``."""
    mapping = _column_mapping(source.columns)
    selects = [
        f"NULLIF(trim(CAST({quote_ident(source.columns[mapping[c]])} AS VARCHAR)), '') AS {c}"
        if c in mapping
        else f"CAST(NULL AS VARCHAR) AS {c}"
        for c in COLUMNS
    ]
    line = source.line_sql("NULL")
    con.execute(
        f"CREATE OR REPLACE TABLE {RAW} AS SELECT {', '.join(selects)}, "
        f"CAST({line} AS BIGINT) AS {LINE} FROM {source.scan_sql(all_varchar=source.kind != 'parquet')}"
    )
    con.execute(f"ALTER TABLE {RAW} ADD COLUMN __pos BIGINT")
    con.execute(f"UPDATE {RAW} SET __pos = rowid")


def load_rows(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Pushed rows (the API) into ``qls_raw``; an item's line is its 1-based position."""
    data: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for row in rows:
        norm = {ALIASES.get(k.strip().lower(), k.strip().lower()): v for k, v in row.items()}
        for column in COLUMNS:
            value = norm.get(column)
            text = None if value is None else str(value).strip()
            data[column].append(text or None)
    table = pa.table(
        {
            **{c: pa.array(v, pa.string()) for c, v in data.items()},
            LINE: pa.array(range(1, len(rows) + 1), pa.int64()),
            "__pos": pa.array(range(len(rows)), pa.int64()),
        }
    )
    con.register("qls_pushed", table)
    con.execute(f"CREATE OR REPLACE TABLE {RAW} AS SELECT * FROM qls_pushed")
    con.unregister("qls_pushed")


def _column_mapping(columns: dict[str, str]) -> dict[str, str]:
    """Our column name -> normalised file column name."""
    mapping: dict[str, str] = {}
    for name in columns:
        ours = ALIASES.get(name, name)
        if ours in COLUMNS and ours not in mapping:
            mapping[ours] = name
    missing = [c for c in REQUIRED if c not in mapping]
    if "value" not in mapping and "numerator" not in mapping:
        missing.append("value (or numerator and denominator)")
    if missing:
        raise FileProblem(
            "The file is missing the column"
            + ("s " if len(missing) > 1 else " ")
            + ", ".join(missing)
            + ". Aggregated files need metric, org_unit, period and value or "
            "numerator/denominator."
        )
    return mapping


_CHECK_SQL = """
CREATE OR REPLACE TABLE qls_checked AS
WITH base AS (
    SELECT r.*, m.id AS metric_id, m.frequency, m.multiplier, m.strata,
           m.needs_denominator, m.is_proportion, m.counts_only,
           o.level, o.site_id, o.ward_id, o.matches,
           {style} AS date_style,
           TRY_CAST(r.value AS DOUBLE) AS v, TRY_CAST(r.numerator AS DOUBLE) AS n,
           TRY_CAST(r.denominator AS DOUBLE) AS d,
           coalesce(lower(r.stratum_dimension), '') AS dim,
           coalesce(r.stratum_value, '') AS stratum
    FROM {raw} r
    LEFT JOIN {metrics} m ON m.code = lower(r.metric)
    LEFT JOIN {orgs} o ON o.code = upper(r.org_unit)
    WHERE coalesce(r.metric, r.org_unit, r.period, r.value, r.numerator, r.denominator,
                   r.stratum_dimension, r.stratum_value) IS NOT NULL
), styled AS (
    SELECT base.*, fs.file_style FROM base CROSS JOIN (
        SELECT (SELECT date_style FROM base WHERE date_style IS NOT NULL ORDER BY __pos LIMIT 1)
        AS file_style
    ) fs
), parsed AS (
    SELECT *, {parse} AS day FROM styled
), numbers AS (
    SELECT *,
      CASE WHEN n IS NOT NULL AND d IS NOT NULL AND d > 0 THEN n / d * coalesce(multiplier, 1)
           WHEN v IS NOT NULL THEN v ELSE n END AS computed
    FROM parsed
), keyed AS (
    SELECT *,
      CASE WHEN metric_id IS NOT NULL AND level IS NOT NULL AND matches = 1 AND day IS NOT NULL
           THEN min(__pos) OVER (PARTITION BY metric_id, level, site_id, ward_id, dim, stratum, day)
      END AS first_pos
    FROM numbers
)
SELECT __pos, {line_col} AS line, metric_id, level, site_id, ward_id, dim, stratum, day,
       computed AS value, n AS numerator, d AS denominator,
       CASE WHEN first_pos IS NOT NULL AND first_pos <> __pos THEN first_pos END AS duplicate_of,
       concat_ws('; ',
         CASE WHEN metric IS NULL THEN 'metric is empty'
              WHEN metric_id IS NULL THEN 'unknown metric code' || {shown_metric} END,
         CASE WHEN org_unit IS NULL THEN 'org_unit is empty'
              WHEN level IS NULL THEN 'unknown org unit code' || {shown_org_unit}
              WHEN matches > 1 THEN 'org unit code ''' || org_unit
                   || ''' matches more than one of trust, site and ward' END,
         CASE WHEN period IS NULL THEN 'period is empty'
              WHEN date_style IS NULL THEN 'period' || {shown_period}
                   || ' is not a date (use YYYY-MM-DD or DD/MM/YYYY)'
              WHEN date_style <> file_style THEN 'period' || {shown_period} || ' is written as '
                   || date_style || ' but the file''s first date is ' || file_style
                   || '; use one date format throughout'
              WHEN day IS NULL THEN 'period' || {shown_period} || ' is not a real date'
              WHEN metric_id IS NOT NULL THEN {period_problem} END,
         CASE WHEN value IS NOT NULL AND (v IS NULL OR NOT isfinite(v))
              THEN 'value' || {shown_value} || ' is not a number' END,
         CASE WHEN numerator IS NOT NULL AND (n IS NULL OR NOT isfinite(n))
              THEN 'numerator' || {shown_numerator} || ' is not a number' END,
         CASE WHEN denominator IS NOT NULL AND (d IS NULL OR NOT isfinite(d))
              THEN 'denominator' || {shown_denominator} || ' is not a number' END,
         CASE WHEN metric_id IS NULL THEN NULL
              WHEN needs_denominator AND (numerator IS NULL OR denominator IS NULL)
              THEN 'this metric''s chart needs both a numerator and a denominator'
              WHEN value IS NULL AND numerator IS NULL THEN 'value is empty' END,
         CASE WHEN n < 0 THEN 'numerator is negative (' || numerator || ')' END,
         CASE WHEN d = 0 THEN 'denominator is zero'
              WHEN d < 0 THEN 'denominator is negative (' || denominator || ')'
              WHEN d IS NOT NULL AND n IS NOT NULL AND is_proportion AND d < n
              THEN 'denominator (' || denominator || ') is below the numerator ('
                   || numerator || ')' END,
         CASE WHEN counts_only AND v < 0
              THEN 'value is negative (' || value || '); this chart type counts things' END,
         CASE WHEN stratum_dimension IS NULL AND stratum_value IS NOT NULL
              THEN 'stratum_value is given without a stratum_dimension'
              WHEN stratum_dimension IS NOT NULL AND stratum_value IS NULL
              THEN 'stratum_dimension is given without a stratum_value'
              WHEN dim <> '' AND dim NOT IN ('imd_quintile', 'ethnic_group', 'age_band', 'sex')
              THEN 'unknown stratum dimension' || {shown_stratum_dimension}
                   || ' (use imd_quintile, ethnic_group, age_band or sex)'
              WHEN dim <> '' AND metric_id IS NOT NULL AND NOT list_contains(strata, dim)
              THEN 'metric ''' || metric || ''' is not split by ' || dim END
       ) AS problem
FROM keyed
"""


def check(
    con: duckdb.DuckDBPyConnection, source: Source | None
) -> tuple[int, int, list[RowProblem]]:
    """Check ``qls_raw``; returns (rows in, rows rejected, listed problems).

    Accepted rows are left in ``qls_clean`` for the writer.
    """
    if too_long := _long_cell_problems(con, source):
        return too_long
    if screened := _identifier_problems(con, source):
        return screened
    con.execute(
        _CHECK_SQL.format(
            raw=RAW,
            metrics=METRICS,
            orgs=ORG_UNITS,
            style=periods.style_sql("r.period"),
            parse=periods.parse_sql("period", "date_style"),
            period_problem=periods.period_problem_sql("day", "frequency"),
            line_col=LINE,
            # Reasons quote a cell only when it is shaped like a code (see privacy.py).
            **{
                f"shown_{column}": shown_sql(column)
                for column in (
                    "metric",
                    "org_unit",
                    "period",
                    "value",
                    "numerator",
                    "denominator",
                    "stratum_dimension",
                )
            },
        )
    )
    rows_in, rejected = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE problem <> '' OR duplicate_of IS NOT NULL) "
        "FROM qls_checked"
    ).fetchone() or (0, 0)
    problems: list[RowProblem] = []
    if rejected:
        listed = con.execute(
            "SELECT __pos, line, problem, duplicate_of, "
            "(SELECT line FROM qls_checked f WHERE f.__pos = c.duplicate_of) "
            "FROM qls_checked c WHERE problem <> '' OR duplicate_of IS NOT NULL "
            f"ORDER BY __pos LIMIT {MAX_LISTED}"
        ).fetchall()
        lines = _lines(source, listed)
        for pos, line, problem, dup_pos, dup_line in listed:
            reasons = [problem] if problem else []
            if dup_pos is not None:
                first = dup_line if dup_line is not None else lines.get(dup_pos)
                reasons.append(
                    f"duplicate row: line {first} has the same metric, org unit, period and stratum"
                )
            problems.append(
                RowProblem(line if line is not None else lines.get(pos), "; ".join(reasons))
            )
    else:
        con.execute(
            f"CREATE OR REPLACE TABLE {CLEAN} AS SELECT metric_id, level, site_id, ward_id, "
            "dim, stratum, day AS period, value, numerator, denominator FROM qls_checked"
        )
    return int(rows_in), int(rejected), problems


def _long_cell_problems(
    con: duckdb.DuckDBPyConnection, source: Source | None
) -> tuple[int, int, list[RowProblem]] | None:
    """Rows with a cell longer than its column allows, or None when there are none.

    Checked first, so a long cell is never screened, looked up or quoted: no
    code, date or number needs more than a title's length, and a stratum
    value is stored in a column of its own size.
    """
    limits = dict.fromkeys(COLUMNS, TITLE_MAX)
    limits["stratum_value"] = Series._meta.get_field("stratum_value").max_length or TITLE_MAX
    lengths = ", ".join(f"length(CAST({c} AS VARCHAR))" for c in limits)
    where = " OR ".join(f"length(CAST({c} AS VARCHAR)) > {n}" for c, n in limits.items())
    hits = con.execute(
        f"SELECT __pos, {LINE}, {lengths} FROM {RAW} WHERE {where} ORDER BY __pos"
    ).fetchall()
    if not hits:
        return None
    rows_in = (con.execute(f"SELECT count(*) FROM {RAW}").fetchone() or (0,))[0]
    listed = [
        (
            pos,
            line,
            "; ".join(
                too_long_message(column, n, limit, capitalise=False).rstrip(".")
                for (column, limit), n in zip(limits.items(), found, strict=True)
                if n is not None and n > limit
            ),
            None,
            None,
        )
        for pos, line, *found in hits[:MAX_LISTED]
    ]
    lines = _lines(source, listed)
    problems = [
        RowProblem(line if line is not None else lines.get(pos), problem)
        for pos, line, problem, _dup, _dup_line in listed
    ]
    return int(rows_in), len(hits), problems


# Numeric columns are screened only where they are not numbers: those are the
# values a refusal would otherwise quote back into the import's record.
_NUMERIC = ("value", "numerator", "denominator")


def _identifier_problems(
    con: duckdb.DuckDBPyConnection, source: Source | None
) -> tuple[int, int, list[RowProblem]] | None:
    """Rows whose text holds a patient identifier, or None when there are none.

    Each distinct text is screened once (a file has few metric codes, org
    units and strata however long it is). The problem names the column and
    the kind of identifier but never repeats the text, so it is not stored
    with the import's rejected rows.
    """
    kinds: dict[str, dict[str, str]] = {}
    for column in COLUMNS:
        numeric = f"AND TRY_CAST({column} AS DOUBLE) IS NULL" if column in _NUMERIC else ""
        values = con.execute(
            f"SELECT DISTINCT {column} FROM {RAW} WHERE {column} IS NOT NULL {numeric}"
        ).fetchall()
        for (value,) in values:
            if found := find_patient_identifiers(value):
                kinds.setdefault(column, {})[value] = found[0].kind
    if not kinds:
        return None
    rows_in = (con.execute(f"SELECT count(*) FROM {RAW}").fetchone() or (0,))[0]
    reasons: dict[int, tuple[Any, list[str]]] = {}
    for column, kind_of in kinds.items():
        hits = con.execute(
            f"SELECT __pos, {LINE}, {column} FROM {RAW} WHERE list_contains(?, {column})",
            [list(kind_of)],
        ).fetchall()
        for pos, line, value in hits:
            reasons.setdefault(pos, (line, []))[1].append(
                f"remove the {kind_of[value]} from {column}; QLS must not hold information "
                "that identifies a patient"
            )
    listed = [
        (pos, line, "; ".join(why), None, None)
        for pos, (line, why) in sorted(reasons.items())[:MAX_LISTED]
    ]
    lines = _lines(source, listed)
    problems = [
        RowProblem(line if line is not None else lines.get(pos), problem)
        for pos, line, problem, _dup, _dup_line in listed
    ]
    return int(rows_in), len(reasons), problems


def _lines(source: Source | None, listed: list[tuple]) -> dict[int, int]:
    """Positions -> file lines for a CSV (other sources carry their lines)."""
    positions = [row[0] for row in listed] + [row[3] for row in listed if row[3] is not None]
    return lines_of(source, positions)


def lines_of(source: Source | None, positions: list[int]) -> dict[int, int]:
    """Positions -> file lines for a CSV (other sources carry their lines)."""
    if source is None or source.line_column or source.kind != "csv":
        return {}
    return csv_lines(source.path, positions)
