"""Whose data an import may hold: a person imports for their own organisation only.

An import made by a person (an upload, the command line with ``--user``, an
API push) may name only org units of that person's organisation: the host
trust owns the trust-level code and its own sites and wards, a partner its
sites and their wards. One row naming another organisation's unit refuses
the whole import, naming the first such line, and nothing is written.
Imports nobody made (scheduled sources) are not limited.
"""

from __future__ import annotations

import duckdb

from qls.measurement.importing.aggregated import MAX_LISTED, RAW, lines_of
from qls.measurement.importing.errors import FileProblem, ForeignUnits, RowProblem
from qls.measurement.importing.lookups import ORG_UNITS
from qls.measurement.importing.sources import LINE, Source
from qls.measurement.models import Import
from qls.organisation.models import Organisation
from qls.organisation.tenancy import organisation_of

NOTHING = "Nothing was imported."


def importer_organisation(imp: Import) -> Organisation | None:
    """The organisation the import is for: its maker's, or None (not limited)."""
    if imp.created_by_id is None:
        return None
    # None too before any host organisation is set up: one tenant, not limited.
    return organisation_of(imp.created_by)


def refuse_partner_extract(own: Organisation | None) -> None:
    """Record-level extracts are for the host trust alone.

    An extract is aggregated up to the trust's totals and replaces whole
    periods of its metric, both of which belong to the host trust; a partner
    sends its figures aggregated, for its own sites and wards.
    """
    if own is not None and not own.is_host:
        raise FileProblem(
            "Record-level extracts are added up into the host trust's totals, so only the "
            f"host trust imports them. Import {own.name}'s figures as an aggregated file "
            f"(metric, org_unit, period, value) for its own sites and wards. {NOTHING}"
        )


def refuse_foreign_units(
    con: duckdb.DuckDBPyConnection, source: Source | None, own: Organisation
) -> None:
    """Raise ``ForeignUnits`` when any row of ``qls_raw`` names another organisation's unit.

    Only units that are known and unambiguous are judged here; an unknown or
    ambiguous code is refused by the row checks that follow.
    """
    where = (
        f"FROM {RAW} r JOIN {ORG_UNITS} o ON o.code = upper(r.org_unit) "
        "WHERE o.matches = 1 AND o.organisation_id IS DISTINCT FROM ?"
    )
    total = (con.execute(f"SELECT count(*) {where}", [own.pk]).fetchone() or (0,))[0]
    if not total:
        return
    hits = con.execute(
        f"SELECT r.__pos, r.{LINE}, o.code, o.organisation_id {where} "
        f"ORDER BY r.__pos LIMIT {MAX_LISTED}",
        [own.pk],
    ).fetchall()
    lines = lines_of(source, [pos for pos, *_rest in hits])
    names = dict(
        Organisation.objects.filter(pk__in={h[3] for h in hits if h[3] is not None}).values_list(
            "pk", "name"
        )
    )
    problems = [
        RowProblem(
            line if line is not None else lines.get(pos),
            f"unit {code} belongs to {names.get(org, 'another organisation')}; "
            f"you may import data for {own.name} only",
        )
        for pos, line, code, org in hits
    ]
    first = problems[0]
    raise ForeignUnits(f"{first}. {NOTHING}", problems, total=int(total))
