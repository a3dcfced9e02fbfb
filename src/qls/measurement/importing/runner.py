"""Running one import from start to finish, with progress, as the background
job, the command line and the API all do.

The Import row is updated with ``QuerySet.update`` as the job goes, so a page
polling it sees the progress; the observations themselves are written in one
transaction at the end, so a failure at any point leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.core.jobs import Heartbeat, beat
from qls.measurement.importing import aggregated, ownership, record, writer
from qls.measurement.importing.errors import FileProblem, ImportRefused, RowsRejected
from qls.measurement.importing.lookups import (
    register_metrics,
    register_org_units,
    register_wards,
)
from qls.measurement.importing.sources import Source, connect, open_source
from qls.measurement.models import Import, ImportKind, ImportSource, ImportStatus

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
MAX_STORED_PROBLEMS = 1000


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _reporter(imp: Import, extra: Progress | None) -> Progress:
    def report(percent: int, message: str) -> None:
        beat(Import, imp.pk, progress=percent, message=message[:255])
        imp.progress, imp.message = percent, message
        if extra:
            extra(percent, message)

    return report


def run_import(
    imp: Import,
    *,
    path: Path | None = None,
    rows: list[dict[str, Any]] | None = None,
    progress: Progress | None = None,
    recompute: bool = True,
) -> Import:
    """Run ``imp`` on a file (``path``, default ``imp.file_path``) or pushed ``rows``.

    Never raises for bad input: the outcome is on the returned Import
    (status, error, rejected rows). Unexpected errors are logged and recorded
    as a failure too, so a background job always ends in a final state.
    While it runs the Import's heartbeat is kept fresh (qls.core.jobs), so
    a job whose worker was killed is found and failed by ``stale``.
    """
    with Heartbeat(Import, imp.pk):
        return _run(imp, path=path, rows=rows, progress=progress, recompute=recompute)


def _run(
    imp: Import,
    *,
    path: Path | None,
    rows: list[dict[str, Any]] | None,
    progress: Progress | None,
    recompute: bool,
) -> Import:
    report = _reporter(imp, progress)
    Import.objects.filter(pk=imp.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    report(2, "Starting")
    con = connect()
    source: Source | None = None
    try:
        own = ownership.importer_organisation(imp)
        if rows is None:
            path = Path(path or imp.file_path)
            report(5, "Reading the file")
            source = open_source(con, path, imp.file_name)
        if imp.kind == ImportKind.RECORD:
            if imp.metric is None:
                raise FileProblem("Choose the metric a record-level extract is aggregated for.")
            if source is None:
                raise FileProblem("Record-level data can only be imported from a file.")
            ownership.refuse_partner_extract(own)
            register_wards(con, own.pk if own is not None else None)
            report(15, f"Checking and aggregating rows for {imp.metric.code}")
            rows_in, rejected, problems = record.aggregate(con, imp.metric, source)
        else:
            register_metrics(con)
            register_org_units(con)
            if source is not None:
                aggregated.load_source(con, source)
                structural = source.structural_problems(con)
                if structural:
                    raise FileProblem("Some lines of the file cannot be read.", structural)
            else:
                aggregated.load_rows(con, rows or [])
            if own is not None:
                ownership.refuse_foreign_units(con, source, own)
            report(40, "Checking rows")
            rows_in, rejected, problems = aggregated.check(con, source)
            if rows_in == 0:
                raise FileProblem("The file has no data rows.")
        Import.objects.filter(pk=imp.pk).update(rows_in=rows_in)
        imp.rows_in = rows_in
        if rejected:
            raise RowsRejected(
                f"{rejected:,} of {rows_in:,} rows have problems.", problems, total=rejected
            )
        report(75, "Saving observations")
        rows_out, series_ids = writer.write_clean(
            con, imp, replace_periods=imp.kind == ImportKind.RECORD, owner=own
        )
        _finish(imp, ImportStatus.SUCCEEDED, rows_out=rows_out, message="Done")
        report(100, f"Done: {rows_out:,} observations saved")
        if recompute:
            transaction.on_commit(lambda: _recompute(series_ids))
    except ImportRefused as error:
        _finish(
            imp,
            ImportStatus.FAILED,
            error=error.message,
            problems=[p.as_dict() for p in error.problems[:MAX_STORED_PROBLEMS]],
            rejected=error.total,
        )
    except Exception as error:  # a job must always end in a final state
        log.exception("Import %s failed unexpectedly", imp.pk)
        _finish(imp, ImportStatus.FAILED, error=f"The import failed unexpectedly: {error}")
    finally:
        con.close()
        if source is not None:
            source.close()
        if imp.source == ImportSource.UPLOAD and imp.file_path:
            Path(imp.file_path).unlink(missing_ok=True)
            Import.objects.filter(pk=imp.pk).update(file_path="")
    imp.refresh_from_db()
    return imp


def _recompute(series_ids: list[int]) -> None:
    try:
        writer.recompute_spc(series_ids)
    except Exception:  # the data is saved; SPC stays marked stale
        log.exception("SPC recompute after import failed; series stay stale")


def _finish(
    imp: Import,
    status: str,
    *,
    rows_out: int = 0,
    message: str = "",
    error: str = "",
    problems: list[dict] | None = None,
    rejected: int = 0,
) -> None:
    # A full save, so the outcome is in the audit history.
    imp.refresh_from_db()
    imp.status = status
    imp.finished_at = timezone.now()
    imp.rows_out = rows_out
    # A message may quote a header from the file, and a file may hold NUL
    # bytes, which PostgreSQL text and JSON cannot store.
    imp.error = error.replace("\x00", "")
    imp.rejected_rows = [
        {**p, "reason": str(p.get("reason", "")).replace("\x00", "")} for p in problems or []
    ]
    imp.rows_rejected = rejected
    imp.message = message or ("Failed" if status == ImportStatus.FAILED else "Done")
    imp.progress = 100
    imp.save()
