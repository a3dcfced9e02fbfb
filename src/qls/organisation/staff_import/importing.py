"""The entry points: import an uploaded file, or a file's bytes on a background job."""

from __future__ import annotations

import hashlib
from typing import IO, Any

from qls.core.jobs import RowProgress
from qls.core.screening import screen
from qls.organisation.errors import (
    StaffImportError,
)
from qls.organisation.staff_files import read_table, read_upload
from qls.organisation.staff_import.columns import map_columns
from qls.organisation.staff_import.report import ImportResult
from qls.organisation.staff_import.rows import validate_rows
from qls.organisation.staff_import.writing import apply


def import_staff(file_obj: IO[bytes], *, filename: str, by: Any = None) -> ImportResult:
    """Validate a staff extract and write it in one transaction.

    ``by`` is the user importing (recorded in the audit history), or None
    from the command line. Raises a :class:`StaffImportError` subclass, with
    ``errors`` listing problems by line, when the file is refused; in that
    case nothing has been written.
    """
    if problem := screen({"the file name": filename}).get("the file name"):
        raise StaffImportError(problem)
    return import_data(read_upload(file_obj), filename=filename, by=by)


def import_data(
    data: bytes,
    *,
    filename: str,
    by: Any = None,
    progress: RowProgress | None = None,
) -> ImportResult:
    """Check and write a staff file's bytes; with ``progress``, on its job's row."""
    header_line, header, rows = read_table(data, filename)
    if progress:
        progress.start(len(rows), "Checking rows")
    columns, ignored = map_columns(header, header_line)
    records = validate_rows(
        rows, columns, header_width=len(header), progress=progress.step if progress else None
    )
    if progress:
        progress.step(len(rows), "Saving staff")
    return apply(
        records,
        by=by,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        ignored=ignored,
        progress=progress,
    )
