"""Staff imports from the upload page, run as background jobs.

The upload is streamed to disk under a size limit (refused before it is
read), a queued StaffImport row is created and the job is started when the
request's transaction commits. The job (qls.core.jobs.run_file_job) checks
every row, writes all or nothing, records progress and a heartbeat on the
row, and deletes the file whatever the outcome.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from qls.core.jobs import JobRefused, RowProgress, enqueue, run_file_job
from qls.core.screening import screen
from qls.core.uploads import UploadRefused, store_upload
from qls.organisation.errors import (
    EmptyFileError,
    FileTooLargeError,
    StaffImportError,
    UnsupportedFileTypeError,
)
from qls.organisation.models import StaffImport
from qls.organisation.staff_import.importing import import_data

SUFFIXES = (".csv", ".txt", ".xlsx")
STAFF_IMPORT_TASK = "organisation.staff_import"


def start_staff_import(upload: IO[bytes], *, filename: str, by: Any) -> StaffImport:
    """Store the upload and queue its import; raises StaffImportError with nothing written."""
    name = Path(filename).name
    if problem := screen({"the file name": name}).get("the file name"):
        raise StaffImportError(problem)
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise UnsupportedFileTypeError(
            "Old Excel (.xls) files cannot be read. Save it as 'Excel Workbook (.xlsx)' "
            "or 'CSV UTF-8'."
        )
    if suffix not in SUFFIXES:
        raise UnsupportedFileTypeError("The file must be a .csv or .xlsx file.")
    try:
        stored = store_upload(upload, file_name=name, folder="staff-imports")
    except UploadRefused as error:
        kind = EmptyFileError if error.message.endswith("empty.") else FileTooLargeError
        raise kind(
            error.message + ("" if kind is EmptyFileError else " Split it into smaller files.")
        ) from None
    job = StaffImport.objects.create(
        filename=name[:255],
        sha256=stored.sha256,
        size_bytes=stored.size,
        file_path=str(stored.path),
        imported_by=by if getattr(by, "is_authenticated", False) else None,
        message="Waiting to start",
    )
    enqueue(STAFF_IMPORT_TASK, job.pk)
    return job


def run_staff_job(job: StaffImport) -> StaffImport:
    """Run a queued staff import to its end; the outcome is on the returned row."""

    def work(path: Path, progress: RowProgress) -> None:
        try:
            import_data(
                path.read_bytes(),
                filename=job.filename,
                by=job.imported_by,
                progress=progress,
            )
        except StaffImportError as error:
            problems = [{"line": e.line, "reason": e.message} for e in error.errors]
            raise JobRefused(error.message, problems) from None

    return run_file_job(job, work)
