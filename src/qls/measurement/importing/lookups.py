"""Reference tables the validation SQL joins against: metrics and org units.

Codes are matched without regard to case or surrounding spaces. An org unit
code names the trust (the host organisation), a site or a ward.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from qls.measurement.models import ChartType, Level, Metric
from qls.organisation.models import Organisation, Site, Ward

METRICS = "qls_metric"
ORG_UNITS = "qls_org_unit"


def register_metrics(con: duckdb.DuckDBPyConnection, metrics: list[Metric] | None = None) -> None:
    metrics = list(Metric.objects.all()) if metrics is None else metrics
    table = pa.table(
        {
            "id": pa.array([m.pk for m in metrics], pa.int64()),
            "code": pa.array([m.code.lower() for m in metrics], pa.string()),
            "frequency": pa.array([m.frequency for m in metrics], pa.string()),
            "chart_type": pa.array([m.chart_type for m in metrics], pa.string()),
            "multiplier": pa.array([float(m.multiplier) for m in metrics], pa.float64()),
            "strata": pa.array([list(m.strata or []) for m in metrics], pa.list_(pa.string())),
            "needs_denominator": pa.array(
                [m.chart_type in (ChartType.P, ChartType.U) for m in metrics], pa.bool_()
            ),
            "is_proportion": pa.array([m.chart_type == ChartType.P for m in metrics], pa.bool_()),
            "counts_only": pa.array(
                [m.chart_type not in (ChartType.XMR, ChartType.RUN) for m in metrics], pa.bool_()
            ),
        }
    )
    con.register(f"{METRICS}_arrow", table)
    con.execute(f"CREATE OR REPLACE TABLE {METRICS} AS SELECT * FROM {METRICS}_arrow")
    con.unregister(f"{METRICS}_arrow")


OrgUnitRow = tuple[str, str, int | None, int | None, int | None]


def org_unit_rows() -> list[OrgUnitRow]:
    """(code, level, site id, ward id, organisation id) of every org unit.

    The trust-level code belongs to the host organisation; a site and its
    wards to the site's organisation.
    """
    rows: list[OrgUnitRow] = []
    host = Organisation.objects.filter(is_host=True).first()
    if host:
        rows.append((host.code.strip().upper(), Level.TRUST, None, None, host.pk))
    rows += [
        (c.strip().upper(), Level.SITE, pk, None, org)
        for pk, c, org in Site.objects.values_list("pk", "code", "organisation_id")
    ]
    rows += [
        (c.strip().upper(), Level.WARD, site, pk, org)
        for pk, c, site, org in Ward.objects.values_list(
            "pk", "code", "site_id", "site__organisation_id"
        )
    ]
    return rows


def register_org_units(con: duckdb.DuckDBPyConnection) -> None:
    rows = org_unit_rows()
    table = pa.table(
        {
            "code": pa.array([r[0] for r in rows], pa.string()),
            "level": pa.array([str(r[1]) for r in rows], pa.string()),
            "site_id": pa.array([r[2] for r in rows], pa.int64()),
            "ward_id": pa.array([r[3] for r in rows], pa.int64()),
            "organisation_id": pa.array([r[4] for r in rows], pa.int64()),
        }
    )
    con.register(f"{ORG_UNITS}_arrow", table)
    con.execute(
        f"""CREATE OR REPLACE TABLE {ORG_UNITS} AS
        SELECT code, any_value(level) AS level, any_value(site_id) AS site_id,
               any_value(ward_id) AS ward_id, any_value(organisation_id) AS organisation_id,
               count(*) AS matches
        FROM {ORG_UNITS}_arrow GROUP BY code"""
    )
    con.unregister(f"{ORG_UNITS}_arrow")


WARDS = "qls_ward"


def register_wards(con: duckdb.DuckDBPyConnection, organisation_id: int | None = None) -> None:
    """Ward codes only: a record-level extract names the ward of each row.

    With ``organisation_id``, only that organisation's wards: a row naming
    another's is then an unknown ward, and the extract is refused.
    """
    rows = [
        r
        for r in org_unit_rows()
        if r[1] == Level.WARD and (organisation_id is None or r[4] == organisation_id)
    ]
    table = pa.table(
        {
            "code": pa.array([r[0] for r in rows], pa.string()),
            "site_id": pa.array([r[2] for r in rows], pa.int64()),
            "ward_id": pa.array([r[3] for r in rows], pa.int64()),
        }
    )
    con.register(f"{WARDS}_arrow", table)
    con.execute(f"CREATE OR REPLACE TABLE {WARDS} AS SELECT * FROM {WARDS}_arrow")
    con.unregister(f"{WARDS}_arrow")
