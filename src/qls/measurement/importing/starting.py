"""Creating an Import from an upload, a path or pushed rows, and starting it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from qls.core.screening import screen
from qls.core.uploads import UploadRefused, store_upload
from qls.measurement.importing.errors import FileProblem
from qls.measurement.importing.runner import Progress, file_sha256, run_import
from qls.measurement.models import Import, ImportKind, ImportSource, Metric

SUFFIXES = (".csv", ".txt", ".xlsx", ".parquet")
MAX_PUSHED_ROWS = 50_000


def start_upload(
    upload: IO[bytes], *, file_name: str, kind: str, metric: Metric | None, by: Any
) -> Import:
    """Store the upload (checking size and type) and queue the import job.

    The file waits under MEDIA_ROOT/imports until the job has read it, and
    is deleted then, so record-level rows never outlive the import.
    """
    if Path(file_name).suffix.lower() not in SUFFIXES:
        raise FileProblem("The file must be a .csv, .xlsx or .parquet file.")
    if problem := screen({"the file name": Path(file_name).name}).get("the file name"):
        raise FileProblem(problem)
    try:
        stored = store_upload(upload, file_name=Path(file_name).name, folder="imports")
    except UploadRefused as error:
        big = " Use the command line for larger extracts." if "too large" in error.message else ""
        raise FileProblem(error.message + big) from None
    imp = Import.objects.create(
        created_by=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        source=ImportSource.UPLOAD,
        metric=metric if kind == ImportKind.RECORD else None,
        file_name=Path(file_name).name[:255],
        file_path=str(stored.path),
        sha256=stored.sha256,
        size_bytes=stored.size,
        message="Waiting to start",
    )
    from qls.measurement.tasks import run_import_task

    transaction.on_commit(lambda: run_import_task(imp.pk))
    return imp


def import_path(
    path: Path,
    *,
    kind: str,
    metric: Metric | None = None,
    by: Any = None,
    progress: Progress | None = None,
    recompute: bool = True,
) -> Import:
    """Import a file on disk now, in this process (the command line, the benchmark)."""
    path = Path(path)
    if not path.is_file():
        raise FileProblem(f"No file at {path}.")
    imp = Import.objects.create(
        created_by=by,
        kind=kind,
        source=ImportSource.CLI,
        metric=metric if kind == ImportKind.RECORD else None,
        file_name=path.name[:255],
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
        message="Starting",
    )
    return run_import(imp, path=path, progress=progress, recompute=recompute)


def push_rows(rows: list[dict[str, Any]], *, by: Any, name: str = "API push") -> Import:
    """Check and save aggregated observations sent as JSON (the API), synchronously."""
    if len(rows) > MAX_PUSHED_ROWS:
        raise FileProblem(f"Send at most {MAX_PUSHED_ROWS:,} rows at a time.")
    body = json.dumps(rows, sort_keys=True, default=str).encode()
    imp = Import.objects.create(
        created_by=by,
        kind=ImportKind.AGGREGATED,
        source=ImportSource.API,
        file_name=name[:255],
        sha256=hashlib.sha256(body).hexdigest(),
        size_bytes=len(body),
        message="Starting",
    )
    return run_import(imp, rows=rows)
