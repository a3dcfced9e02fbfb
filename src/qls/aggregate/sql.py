"""The aggregation as one SQL text, in DuckDB's or Spark's dialect.

The rules are the measurement importer's for record-level extracts:

* a row counts when the metric's filter is true (a blank filter keeps
  every row); its numerator and denominator expressions are summed;
* its date (ISO ``YYYY-MM-DD``, with or without a time, or UK
  ``DD/MM/YYYY``) falls in a period of the metric's frequency, weeks
  starting on Monday;
* a stratum column's empty cell is ``Not known``;
* with a denominator the value is ``sum(numerator) / sum(denominator) *
  multiplier`` (periods with a zero denominator are left out); without, it
  is ``sum(numerator)``, and periods between the first and the last with no
  rows count as zero for every org unit and stratum the file mentions.

A row with no usable date or org unit, or a kept row whose numerator or
denominator is empty or negative (or, for a p chart, a denominator below
the numerator), is bad; any bad row refuses the whole extract.

Org units are aggregated as written in the file (trimmed, upper case) and
all together (level ``all``): unlike the importer, nothing here knows
which ward is on which site.
"""

from __future__ import annotations

from dataclasses import dataclass

from .definitions import RecordDefinition

NOT_KNOWN = "Not known"
STEPS = {"day": "1 DAY", "week": "7 DAY", "month": "1 MONTH", "quarter": "3 MONTH"}
OUTPUT = (
    "series_id",
    "metric",
    "level",
    "org_unit",
    "stratum_dimension",
    "stratum",
    "x",
    "numerator",
    "denominator",
    "y",
)


@dataclass(frozen=True)
class Dialect:
    name: str

    def ident(self, name: str) -> str:
        if self.name == "spark":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def parse_date(self, text: str) -> str:
        if self.name == "spark":
            return (
                f"CASE WHEN {text} RLIKE '^\\\\d{{4}}-\\\\d{{2}}-\\\\d{{2}}([ T].*)?$' "
                f"THEN try_to_date(substr({text}, 1, 10), 'yyyy-MM-dd') "
                f"WHEN {text} RLIKE '^\\\\d{{1,2}}/\\\\d{{1,2}}/\\\\d{{4}}( .*)?$' "
                f"THEN try_to_date(split_part({text}, ' ', 1), 'd/M/yyyy') END"
            )
        return (
            f"CASE WHEN regexp_full_match({text}, '\\d{{4}}-\\d{{2}}-\\d{{2}}([ T].*)?') "
            f"THEN TRY_CAST(substr({text}, 1, 10) AS DATE) "
            f"WHEN regexp_full_match({text}, '\\d{{1,2}}/\\d{{1,2}}/\\d{{4}}( .*)?') "
            f"THEN CAST(try_strptime(split_part({text}, ' ', 1), '%d/%m/%Y') AS DATE) END"
        )

    def span(self, lo: str, hi: str, step: str) -> str:
        if self.name == "spark":
            return f"explode(sequence({lo}, {hi}, INTERVAL {step}))"
        return f"CAST(unnest(generate_series({lo}, {hi}, INTERVAL {step})) AS DATE)"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _checked(d: RecordDefinition, source: str, q: Dialect, *, messages: bool) -> str:
    """One checked row per extract row: date, org unit, kept?, values, strata, bad?

    With ``messages`` each row gets a ``problem`` text (for listing the
    first bad rows); without, a cheap ``bad`` flag for the aggregating pass.
    """
    strata = "".join(
        f", coalesce(NULLIF(trim(CAST({q.ident(col)} AS STRING)), ''), '{NOT_KNOWN}') AS s_{i}"
        for i, col in enumerate(d.strata.values())
    )
    keep = f"coalesce(CAST(({d.filter}) AS BOOLEAN), false)" if d.filter else "true"
    den = f"CAST(({d.denominator}) AS DOUBLE)" if d.denominator else "CAST(NULL AS DOUBLE)"
    has_den = "true" if d.denominator else "false"
    proportion = "true" if d.chart_type == "p" else "false"
    if messages:
        check = f"""concat_ws('; ',
            CASE WHEN date_text IS NULL THEN 'the date column is empty'
                 WHEN day IS NULL THEN 'the date is not YYYY-MM-DD or DD/MM/YYYY' END,
            CASE WHEN org IS NULL THEN 'the org unit column is empty' END,
            CASE WHEN keep AND num IS NULL THEN 'the numerator is empty'
                 WHEN keep AND num < 0 THEN 'the numerator is negative' END,
            CASE WHEN keep AND {has_den} AND den IS NULL THEN 'the denominator is empty'
                 WHEN keep AND den < 0 THEN 'the denominator is negative'
                 WHEN keep AND {proportion} AND den < num
                 THEN 'the denominator is below the numerator' END
          ) AS problem"""
    else:
        check = f"""(day IS NULL OR org IS NULL
            OR (keep AND (num IS NULL OR num < 0))
            OR (keep AND {has_den} AND (den IS NULL OR den < 0))
            OR (keep AND {proportion} AND den < num)) AS bad"""
    return f"""
    raw AS (
        SELECT NULLIF(trim(CAST({q.ident(d.date_column)} AS STRING)), '') AS date_text,
               NULLIF(upper(trim(CAST({q.ident(d.org_unit_column)} AS STRING))), '') AS org,
               {keep} AS keep, CAST(({d.numerator}) AS DOUBLE) AS num, {den} AS den{strata}
        FROM {source}
    ), parsed AS (
        SELECT raw.*, {q.parse_date("date_text")} AS day FROM raw
    ), checked AS (
        SELECT parsed.*, CAST(date_trunc('{d.frequency}', day) AS DATE) AS period, {check}
        FROM parsed
    )"""


def problems_sql(d: RecordDefinition, source: str, q: Dialect, limit: int = 5) -> str:
    """The first few bad rows, with what is wrong with each."""
    return f"""WITH {_checked(d, source, q, messages=True)}
    SELECT date_text, org, problem FROM checked WHERE problem <> '' LIMIT {limit}"""


def aggregate_sql(d: RecordDefinition, source: str, q: Dialect) -> str:
    """Sums per period for every org unit and all units, overall and per stratum.

    ``n_bad`` counts bad rows; the sets without an org unit and without a
    stratum hold every row once, so their ``n_bad`` adds up to the file's.
    """
    dims = list(d.strata)
    s_cols = [f"s_{i}" for i in range(len(dims))]
    sets = ["(period, org)", "(period)"]
    for s in s_cols:
        sets += [f"(period, org, {s})", f"(period, {s})"]
    if dims:
        pairs = list(zip(s_cols, dims, strict=True))
        dim_sql = "CASE " + " ".join(f"WHEN GROUPING({s}) = 0 THEN {_lit(m)}" for s, m in pairs)
        dim_sql += " ELSE '' END"
        value_sql = "CASE " + " ".join(f"WHEN GROUPING({s}) = 0 THEN {s}" for s in s_cols)
        value_sql += " ELSE '' END"
    else:
        dim_sql = value_sql = "''"
    return f"""WITH {_checked(d, source, q, messages=False)}
    SELECT CASE WHEN GROUPING(org) = 0 THEN 'org' ELSE 'all' END AS level,
           CASE WHEN GROUPING(org) = 0 THEN org END AS org_unit,
           {dim_sql} AS stratum_dimension, {value_sql} AS stratum, period,
           sum(CASE WHEN bad THEN 1 ELSE 0 END) AS n_bad,
           sum(CASE WHEN keep AND NOT bad THEN num END) AS numerator,
           sum(CASE WHEN keep AND NOT bad THEN den END) AS denominator
    FROM checked
    GROUP BY GROUPING SETS ({", ".join(sets)})"""


def bad_rows_sql(agg: str) -> str:
    """How many rows of the file are bad, from the aggregate."""
    return (
        f"SELECT coalesce(sum(n_bad), 0) AS n FROM {agg} "
        "WHERE level = 'all' AND stratum_dimension = ''"
    )


def points_sql(d: RecordDefinition, agg: str, q: Dialect) -> str:
    """The points of every series (columns ``OUTPUT``) from the aggregate table."""
    if d.denominator:
        body = f"""SELECT level, org_unit, stratum_dimension, stratum, period AS x,
               numerator, denominator, numerator / denominator * {d.multiplier!r} AS y
        FROM {agg} WHERE period IS NOT NULL AND denominator > 0"""
    else:
        same_unit = (
            "a.org_unit <=> u.org_unit"
            if q.name == "spark"
            else ("a.org_unit IS NOT DISTINCT FROM u.org_unit")
        )
        body = f"""WITH good AS (SELECT * FROM {agg} WHERE period IS NOT NULL),
        bounds AS (SELECT min(period) AS lo, max(period) AS hi FROM good),
        span AS (SELECT {q.span("lo", "hi", STEPS[d.frequency])} AS x FROM bounds),
        units AS (SELECT DISTINCT level, org_unit, stratum_dimension, stratum FROM good)
        SELECT u.level, u.org_unit, u.stratum_dimension, u.stratum, s.x,
               coalesce(a.numerator, 0) AS numerator, CAST(NULL AS DOUBLE) AS denominator,
               coalesce(a.numerator, 0) AS y
        FROM units u CROSS JOIN span s
        LEFT JOIN good a ON a.level = u.level AND {same_unit}
          AND a.stratum_dimension = u.stratum_dimension AND a.stratum = u.stratum
          AND a.period = s.x"""
    code = _lit(d.code)
    return f"""SELECT concat_ws(':', {code}, coalesce(org_unit, 'all'),
               CASE WHEN stratum_dimension <> '' THEN concat(stratum_dimension, '=', stratum) END)
               AS series_id, {code} AS metric, level, org_unit, stratum_dimension, stratum,
               CAST(x AS DATE) AS x, CAST(numerator AS DOUBLE) AS numerator,
               CAST(denominator AS DOUBLE) AS denominator, CAST(y AS DOUBLE) AS y
        FROM ({body}) AS p"""
