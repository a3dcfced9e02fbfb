"""Aggregating a record-level extract (one row per admission, fall, audit…)
into observations with the metric's declared definition, in DuckDB.

One streaming pass over the file checks every row and aggregates the good
ones at ward, site and trust level, for everyone and for each stratum, with
``GROUPING SETS``; the rows themselves never reach the database. Only when
rows are bad is the file read again, to list them with their line numbers.

For a metric with a denominator the value of a period is
``sum(numerator) / sum(denominator) * multiplier`` over the rows the filter
keeps; without one it is ``sum(numerator)``, and periods between the first
and the last in the file with no rows count as zero for every org unit and
stratum the file mentions.
"""

from __future__ import annotations

import duckdb

from qls.measurement.importing import periods
from qls.measurement.importing.errors import DefinitionProblem, FileProblem, RowProblem
from qls.measurement.importing.expressions import ExpressionError, check_expression
from qls.measurement.importing.lookups import WARDS
from qls.measurement.importing.privacy import shown_sql
from qls.measurement.importing.sources import Source, csv_lines, normalise, quote_ident
from qls.measurement.models import (
    DEFINITION_PROBLEM,
    ChartType,
    Frequency,
    Metric,
    Series,
    StratumDimension,
)

CLEAN = "qls_clean"
MAX_LISTED = 1000
NOT_KNOWN = "Not known"


def strata_columns(metric: Metric) -> dict[str, str]:
    """Stratum dimension -> extract column, for the dimensions the metric declares."""
    declared = set(metric.strata or [])
    return {
        dim: col
        for dim, col in (metric.record_strata or {}).items()
        if dim in declared and dim in StratumDimension.values and col
    }


def check_definition(metric: Metric, columns: list[str] | None = None) -> None:
    """Refuse a definition that is incomplete or uses SQL outside the allowed subset."""
    if not metric.has_record_definition:
        raise DefinitionProblem(
            f"{DEFINITION_PROBLEM}{metric.code} has no record-level definition: set its date "
            "column and org unit column first."
        )
    try:
        if metric.record_filter.strip():
            check_expression(metric.record_filter, label="filter", columns=columns)
        check_expression(metric.record_numerator or "1", label="numerator", columns=columns)
        if metric.record_denominator.strip():
            check_expression(metric.record_denominator, label="denominator", columns=columns)
    except ExpressionError as error:
        raise DefinitionProblem(f"{DEFINITION_PROBLEM}{error}") from error
    problem = metric.definition_problem()
    if problem:
        raise DefinitionProblem(f"{DEFINITION_PROBLEM}{metric.code} {problem}.")


def _col(source: Source, name: str, what: str) -> str:
    key = normalise(name)
    if key not in source.columns:
        raise FileProblem(
            f"The file has no column {name!r} (the metric's {what}). "
            f"Its columns are: {', '.join(source.columns.values())}."
        )
    return quote_ident(source.columns[key])


def _row_sql(metric: Metric, source: Source, file_style: str | None, *, messages: bool) -> str:
    """SELECT giving one checked row per extract row (no aggregation yet).

    With ``messages`` each row gets a ``problem`` text naming everything wrong
    with it (the slow listing pass); without, a cheap ``bad`` flag (the
    aggregating pass, where building strings for ten million good rows would
    cost more than the aggregation itself).
    """
    strata = strata_columns(metric)
    date_col = _col(source, metric.record_date_column, "date column")
    org_col = _col(source, metric.record_org_unit_column, "org unit column")
    strata_sql = ", ".join(
        f"coalesce(NULLIF(CAST({_col(source, col, dim + ' column')} AS VARCHAR), ''), "
        f"'{NOT_KNOWN}') AS s_{dim}"
        for dim, col in strata.items()
    )
    keep = (
        f"coalesce(CAST(({metric.record_filter}) AS BOOLEAN), false)"
        if metric.record_filter.strip()
        else "true"
    )
    numerator = f"CAST(({metric.record_numerator or '1'}) AS DOUBLE)"
    denominator = (
        f"CAST(({metric.record_denominator}) AS DOUBLE)"
        if metric.record_denominator.strip()
        else "CAST(NULL AS DOUBLE)"
    )
    has_den = "true" if metric.record_denominator.strip() else "false"
    proportion = "true" if metric.chart_type == ChartType.P else "false"
    varchar = [metric.record_date_column, metric.record_org_unit_column, *strata.values()]
    scan = source.scan_sql([normalise(v) for v in varchar])
    style = f"'{file_style}'" if file_style else "NULL"
    raw = f"""
    WITH raw AS (
        SELECT {source.line_sql("NULL")} AS line,
               NULLIF(trim(CAST({date_col} AS VARCHAR)), '') AS date_text,
               NULLIF(upper(trim(CAST({org_col} AS VARCHAR))), '') AS org,
               {keep} AS keep, {numerator} AS num, {denominator} AS den
               {", " + strata_sql if strata_sql else ""}
        FROM {scan}
    )"""
    value_cases = [
        (
            "CASE WHEN keep AND (num IS NULL OR NOT isfinite(num)) THEN 'the numerator is empty' "
            "WHEN keep AND num < 0 THEN 'the numerator is negative (' || num || ')' END"
        ),
        (
            f"CASE WHEN keep AND {has_den} AND (den IS NULL OR NOT isfinite(den)) "
            "THEN 'the denominator is empty' "
            "WHEN keep AND den < 0 THEN 'the denominator is negative (' || den || ')' "
            f"WHEN keep AND {proportion} AND den < num "
            "THEN 'the denominator (' || den || ') is below the numerator (' || num || ')' END"
        ),
    ]
    # A stratum value is stored as a series' name: longer ones are refused, not cut.
    stratum_max = Series._meta.get_field("stratum_value").max_length
    value_cases += [
        f"CASE WHEN length(s_{dim}) > {stratum_max} THEN "
        f"'{col.replace(chr(39), chr(39) * 2)} must be {stratum_max} characters or fewer (it has ' "
        f"|| format('{{:,}}', length(s_{dim})) || ')' END"
        for dim, col in strata.items()
    ]
    today = periods.today_sql()
    if not messages:
        # Only the file's own date format parses; anything else is a bad row.
        day = periods.parse_fast_sql("date_text", file_style)
        bad_values = " OR ".join(f"({case}) IS NOT NULL" for case in value_cases)
        return f"""{raw}, parsed AS (
            SELECT raw.*, w.site_id, w.ward_id, {day} AS day
            FROM raw LEFT JOIN {WARDS} w ON w.code = raw.org
        )
        SELECT *, {periods.period_start_sql("day", metric.frequency)} AS period,
               (day IS NULL OR day > {today} OR ward_id IS NULL OR {bad_values}) AS bad
        FROM parsed"""
    # Reasons quote a cell only when it is shaped like a code or date (see privacy.py).
    date_shown, org_shown = shown_sql("date_text"), shown_sql("org")
    date_case = (
        "CASE WHEN date_text IS NULL THEN 'the date column is empty' "
        f"WHEN date_style IS NULL THEN 'date' || {date_shown} "
        "|| ' is not a date (use YYYY-MM-DD or DD/MM/YYYY)' "
        f"WHEN date_style <> {style} THEN 'date' || {date_shown} || ' is written as ' "
        f"|| date_style || ' but the file''s first date is ' || {style} "
        "|| '; use one date format throughout' "
        f"WHEN day IS NULL THEN 'date' || {date_shown} || ' is not a real date' "
        f"WHEN day > {today} THEN 'date' || {date_shown} || ' is in the future' END"
    )
    org_case = (
        "CASE WHEN org IS NULL THEN 'the org unit column is empty' "
        f"WHEN ward_id IS NULL THEN 'unknown ward code' || {org_shown} END"
    )
    return f"""{raw}, styled AS (
        SELECT raw.*, {periods.style_sql("date_text")} AS date_style, w.site_id, w.ward_id
        FROM raw LEFT JOIN {WARDS} w ON w.code = raw.org
    ), parsed AS (
        SELECT *, {periods.parse_sql("date_text", "date_style")} AS day FROM styled
    )
    SELECT *, {periods.period_start_sql("day", metric.frequency)} AS period,
      concat_ws('; ', {date_case}, {org_case}, {", ".join(value_cases)}) AS problem
    FROM parsed
    """


def first_date_style(con: duckdb.DuckDBPyConnection, metric: Metric, source: Source) -> str | None:
    date_col = _col(source, metric.record_date_column, "date column")
    scan = source.scan_sql([normalise(metric.record_date_column)])
    row = con.execute(
        f"SELECT style FROM (SELECT {periods.style_sql(f'trim(CAST({date_col} AS VARCHAR))')} "
        f"AS style FROM {scan}) WHERE style IS NOT NULL LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def aggregate(
    con: duckdb.DuckDBPyConnection, metric: Metric, source: Source
) -> tuple[int, int, list[RowProblem]]:
    """Check and aggregate the extract; returns (rows in, rows rejected, listed problems).

    With no problems the observations are left in ``qls_clean``.
    """
    check_definition(metric)
    file_style = first_date_style(con, metric, source)
    fast_sql = _row_sql(metric, source, file_style, messages=False)
    strata = list(strata_columns(metric))
    # Ward level only: sums are additive, so sites and the trust are rolled
    # up from the small ward result instead of grouping every row three times.
    sets = [["period", "ward_id", "site_id", *([f"s_{d}"] if d else [])] for d in [None, *strata]]
    sets.append([])
    keys = ["period", "ward_id", "site_id", *[f"s_{d}" for d in strata]]
    grouping_sets = ", ".join("(" + ", ".join(k) + ")" for k in sets)
    dim_sql = "''"
    value_sql = "''"
    if strata:
        dim_sql = (
            "CASE "
            + " ".join(f"WHEN GROUPING(s_{d}) = 0 THEN '{d}'" for d in strata)
            + " ELSE '' END"
        )
        value_sql = (
            "CASE "
            + " ".join(f"WHEN GROUPING(s_{d}) = 0 THEN s_{d}" for d in strata)
            + " ELSE '' END"
        )
    try:
        con.execute(
            f"""CREATE OR REPLACE TABLE qls_ward_agg AS
            SELECT GROUPING({", ".join(keys)}) AS grp, {dim_sql} AS dim, {value_sql} AS stratum,
                   period, site_id, ward_id,
                   count(*) AS rows_in, count(*) FILTER (WHERE bad) AS rejected,
                   count(*) FILTER (WHERE NOT bad) AS good_rows,
                   sum(num) FILTER (WHERE NOT bad AND keep) AS numerator,
                   sum(den) FILTER (WHERE NOT bad AND keep) AS denominator
            FROM ({fast_sql}) AS checked
            GROUP BY GROUPING SETS ({grouping_sets})"""
        )
    except (duckdb.BinderException, duckdb.ParserException) as error:
        raise DefinitionProblem(
            "The metric's record-level definition does not fit this file: "
            + str(error).splitlines()[0]
        ) from error
    except duckdb.ConversionException as error:
        raise FileProblem(
            "A value in the file could not be read: " + str(error).splitlines()[0]
        ) from error
    structural = source.structural_problems(con)
    if structural:
        raise FileProblem(
            "Some lines of the file cannot be read.", structural, total=len(structural)
        )
    all_bits = (1 << len(keys)) - 1
    rows_in, rejected = con.execute(
        f"SELECT rows_in, rejected FROM qls_ward_agg WHERE grp = {all_bits}"
    ).fetchone() or (0, 0)
    if rows_in == 0:
        raise FileProblem("The file has no data rows.")
    if rejected:
        slow_sql = _row_sql(metric, source, file_style, messages=True)
        return int(rows_in), int(rejected), _list_problems(con, slow_sql, source)
    con.execute(
        """CREATE OR REPLACE TABLE qls_agg AS
        WITH wards AS (
            SELECT * FROM qls_ward_agg
            WHERE period IS NOT NULL AND ward_id IS NOT NULL AND good_rows > 0
        )
        SELECT 'ward' AS level, dim, stratum, period, site_id, ward_id, good_rows,
               numerator, denominator FROM wards
        UNION ALL
        SELECT 'site', dim, stratum, period, site_id, NULL, sum(good_rows),
               sum(numerator), sum(denominator) FROM wards GROUP BY dim, stratum, period, site_id
        UNION ALL
        SELECT 'trust', dim, stratum, period, NULL, NULL, sum(good_rows),
               sum(numerator), sum(denominator) FROM wards GROUP BY dim, stratum, period"""
    )
    _finish(con, metric)
    return int(rows_in), 0, []


def _list_problems(
    con: duckdb.DuckDBPyConnection, rows_sql: str, source: Source
) -> list[RowProblem]:
    """Second, slower pass: the first bad rows with their line numbers."""
    con.execute(f"CREATE OR REPLACE TABLE qls_rows AS {rows_sql}")
    listed = con.execute(
        f"SELECT rowid, line, problem FROM qls_rows WHERE problem <> '' ORDER BY rowid LIMIT {MAX_LISTED}"
    ).fetchall()
    lines = {}
    if source.kind == "csv" and not source.line_column:
        lines = csv_lines(source.path, [r[0] for r in listed])
    return [
        RowProblem(line if line is not None else lines.get(pos), problem)
        for pos, line, problem in listed
    ]


def _finish(con: duckdb.DuckDBPyConnection, metric: Metric) -> None:
    """Turn the aggregate into observations in ``qls_clean``, zero-filling counts."""
    multiplier = float(metric.multiplier)
    steps = {
        str(Frequency.DAY): "INTERVAL 1 DAY",
        str(Frequency.WEEK): "INTERVAL 7 DAY",
        str(Frequency.QUARTER): "INTERVAL 3 MONTH",
    }
    step = steps.get(str(metric.frequency), "INTERVAL 1 MONTH")
    if metric.record_denominator.strip():
        body = f"""
            SELECT level, site_id, ward_id, dim, stratum, period,
                   numerator / denominator * {multiplier} AS value, numerator, denominator
            FROM qls_agg WHERE period IS NOT NULL AND good_rows > 0
              AND denominator > 0"""
    else:
        body = f"""
            WITH agg AS (
                SELECT * FROM qls_agg WHERE period IS NOT NULL AND good_rows > 0
            ), span AS (
                SELECT CAST(unnest(generate_series(min(period), max(period), {step})) AS DATE)
                       AS period FROM agg
            ), units AS (
                SELECT DISTINCT level, site_id, ward_id, dim, stratum FROM agg
            )
            SELECT u.level, u.site_id, u.ward_id, u.dim, u.stratum, s.period,
                   coalesce(a.numerator, 0) AS value, coalesce(a.numerator, 0) AS numerator,
                   CAST(NULL AS DOUBLE) AS denominator
            FROM units u CROSS JOIN span s
            LEFT JOIN agg a ON a.level = u.level AND a.site_id IS NOT DISTINCT FROM u.site_id
              AND a.ward_id IS NOT DISTINCT FROM u.ward_id AND a.dim = u.dim
              AND a.stratum = u.stratum AND a.period = s.period"""
    con.execute(
        f"CREATE OR REPLACE TABLE {CLEAN} AS SELECT {int(metric.pk)} AS metric_id, * FROM ({body})"
    )
