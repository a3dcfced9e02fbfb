"""Writing checked observations to the database, all or nothing.

Series are found or created for every (metric, org unit, stratum) in the
import; observations are upserted on (series, period), so importing a period
again replaces what was there and leaves other periods alone. Touched series
are marked stale for the SPC cache.

A record-level extract is the whole truth for each of its metrics in each
period it covers: every ward, site, trust total and stratum is aggregated
from it. Re-importing one therefore replaces every series of the metric for
those periods, and a stratum, ward or unit absent from the new extract loses
its old figure, so strata always sum to their totals. An aggregated file
holds just the rows it names and replaces only those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
from django.db import connection, transaction
from django.utils import timezone

from qls.measurement import spc_cache
from qls.measurement.models import Dataset, Import, Metric, Observation, Series
from qls.measurement.sharing import owned_by
from qls.organisation.models import Organisation

BATCH = 5000
SeriesKey = tuple[int, str, int | None, int | None, str, str]


def write_clean(
    con: duckdb.DuckDBPyConnection,
    imp: Import,
    *,
    replace_periods: bool = False,
    owner: Organisation | None = None,
) -> tuple[int, list[int]]:
    """Write ``qls_clean`` to the database; returns (observations written, series ids).

    ``replace_periods`` (record-level extracts): first remove every observation
    of the file's metrics in the periods the file covers; with ``owner``, only
    from that organisation's series, never another's.
    """
    data = (
        con.sql(
            "SELECT metric_id, level, site_id, ward_id, dim, stratum, period, value, numerator, "
            "denominator FROM qls_clean ORDER BY metric_id, level, site_id, ward_id, dim, stratum, period"
        )
        .to_arrow_table()
        .to_pydict()
    )
    count = len(data["metric_id"])
    now = timezone.now()
    with transaction.atomic():
        keys: list[SeriesKey] = list(
            zip(
                data["metric_id"],
                data["level"],
                data["site_id"],
                data["ward_id"],
                data["dim"],
                data["stratum"],
                strict=True,
            )
        )
        series_ids = _series_ids(set(keys))
        emptied: set[int] = set()
        if replace_periods:
            emptied = _clear_periods(
                {(key[0], period) for key, period in zip(keys, data["period"], strict=True)},
                owner,
            )
        rows = [
            (series_ids[key], period, value, numerator, denominator, imp.pk)
            for key, period, value, numerator, denominator in zip(
                keys,
                data["period"],
                data["value"],
                data["numerator"],
                data["denominator"],
                strict=True,
            )
        ]
        _upsert(rows)
        touched = sorted(set(series_ids.values()) | emptied)
        for chunk in _chunks(touched, 500):
            Series.objects.filter(pk__in=chunk).update(is_stale=True, data_changed_at=now)
        metric_ids = {key[0] for key in keys}
        Dataset.objects.filter(metrics__pk__in=metric_ids).update(last_refreshed=now)
    return count, touched


def _clear_periods(
    metric_periods: set[tuple[int, dt.date]], owner: Organisation | None = None
) -> set[int]:
    """Delete the observations of each (metric, period) (of ``owner``'s series only,
    when given); returns the series that had any."""
    by_metric: dict[int, set[dt.date]] = {}
    for metric_id, period in metric_periods:
        by_metric.setdefault(metric_id, set()).add(period)
    emptied: set[int] = set()
    table = connection.ops.quote_name(Observation._meta.db_table)
    for metric_id, wanted in by_metric.items():
        mine = Series.objects.filter(metric_id=metric_id)
        if owner is not None:
            mine = mine.filter(owned_by(owner))
        series = list(mine.values_list("pk", flat=True))
        for days in _chunks(sorted(wanted), 400):
            for ids in _chunks(series, 400):
                old = Observation.objects.filter(series_id__in=ids, period__in=days)
                emptied.update(old.values_list("series_id", flat=True).distinct())
                # Plain rows with nothing hanging off them: one DELETE, as _upsert inserts.
                id_marks = ", ".join(["%s"] * len(ids))
                day_marks = ", ".join(["%s"] * len(days))
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"DELETE FROM {table} WHERE series_id IN ({id_marks}) "
                        f"AND period IN ({day_marks})",
                        [*ids, *days],
                    )
    return emptied


def _series_ids(keys: set[SeriesKey]) -> dict[SeriesKey, int]:
    metric_ids = {key[0] for key in keys}
    found = _existing(metric_ids)
    missing = [key for key in keys if key not in found]
    if missing:
        Series.objects.bulk_create(
            [
                Series(
                    metric_id=m,
                    level=level,
                    site_id=site,
                    ward_id=ward,
                    stratum_dimension=dim,
                    stratum_value=value,
                )
                for m, level, site, ward, dim, value in missing
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        found = _existing(metric_ids)
    return {key: found[key] for key in keys}


def _existing(metric_ids: Iterable[int]) -> dict[SeriesKey, int]:
    rows = Series.objects.filter(metric_id__in=list(metric_ids)).values_list(
        "pk", "metric_id", "level", "site_id", "ward_id", "stratum_dimension", "stratum_value"
    )
    return {(m, level, site, ward, dim, value): pk for pk, m, level, site, ward, dim, value in rows}


def _upsert(rows: list[tuple]) -> None:
    """Insert or replace observations on (series, period).

    A plain ``INSERT ... ON CONFLICT DO UPDATE`` run with ``executemany``:
    the same SQL on SQLite and PostgreSQL, and several times faster than
    building a model instance per row for ``bulk_create`` (a ten-million-row
    extract gives tens of thousands of observations).
    """
    table = connection.ops.quote_name(Observation._meta.db_table)
    sql = (
        f"INSERT INTO {table} (series_id, period, value, numerator, denominator, "
        "source_import_id) VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (series_id, period) DO UPDATE SET value = excluded.value, "
        "numerator = excluded.numerator, denominator = excluded.denominator, "
        "source_import_id = excluded.source_import_id"
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, BATCH):
            cursor.executemany(sql, chunk)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def mark_metric_stale(metric: Metric) -> None:
    """A definition change (chart type, rebase, target) makes every series of it stale."""
    Series.objects.filter(metric=metric).update(is_stale=True)


def recompute_spc(series_ids: list[int]) -> None:
    """Called after an import commits: recompute the SPC cache of these series."""
    if series_ids:
        spc_cache.recompute_series(series_ids)
