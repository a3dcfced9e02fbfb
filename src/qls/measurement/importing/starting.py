"""Creating an Import from an upload, a path or pushed rows, and starting it."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from qls.core.screening import screen
from qls.measurement.importing.errors import FileProblem
from qls.measurement.importing.runner import Progress, file_sha256, run_import
from qls.measurement.models import Import, ImportKind, ImportSource, Metric

SUFFIXES = (".csv", ".txt", ".xlsx", ".parquet")
MAX_PUSHED_ROWS = 50_000


def upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
    limit = settings.QLS_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise FileProblem(
            f"The file is too large ({size / 1048576:.1f} MB): the limit is "
            f"{limit / 1048576:g} MB. Use the command line for larger extracts."
        )
    target = upload_dir() / f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()}"
    digest = hashlib.sha256()
    written = 0
    with target.open("wb") as out:
        chunks = (
            upload.chunks()
            if hasattr(upload, "chunks")
            else iter(lambda: upload.read(1 << 20), b"")
        )
        for chunk in chunks:
            written += len(chunk)
            if written > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise FileProblem(f"The file is too large: the limit is {limit / 1048576:g} MB.")
            digest.update(chunk)
            out.write(chunk)
    if written == 0:
        target.unlink(missing_ok=True)
        raise FileProblem("The file is empty.")
    imp = Import.objects.create(
        created_by=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        source=ImportSource.UPLOAD,
        metric=metric if kind == ImportKind.RECORD else None,
        file_name=Path(file_name).name[:255],
        file_path=str(target),
        sha256=digest.hexdigest(),
        size_bytes=written,
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
