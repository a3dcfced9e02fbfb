"""Writing checked rows in one transaction: new staff created, changed staff updated."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from qls.core.jobs import RowProgress
from qls.core.models import JobStatus
from qls.organisation.errors import (
    ImportConflictError,
)
from qls.organisation.models import (
    StaffImport,
    StaffMember,
)
from qls.organisation.staff_import.report import ImportResult
from qls.organisation.staff_import.row import Record

_BATCH = 500
# Fields an import sets; anything else on a StaffMember (the user link) is left alone.
_WRITTEN_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "staff_group",
    "job_role",
    "band",
    "site",
    "ward",
    "active",
)


def apply(
    records: list[Record],
    *,
    by: Any,
    filename: str,
    sha256: str = "",
    ignored: list[str] | None = None,
    progress: RowProgress | None = None,
) -> ImportResult:
    """Create new staff, update changed ones, skip unchanged ones: all or nothing.

    The outcome is recorded in the same transaction: on the job's row when
    ``progress`` reports to one, else on a new StaffImport row.
    """
    user = by if getattr(by, "is_authenticated", False) else None
    reason = f"Staff import from {filename}"[:100]
    # One timestamp for the whole file: the history then shows one import as
    # one moment, and it saves a clock call per row.
    when = timezone.now()
    numbers = [r.staff_number for r in records]
    try:
        with transaction.atomic():
            existing: dict[str, StaffMember] = {}
            for start in range(0, len(numbers), _BATCH):
                chunk = numbers[start : start + _BATCH]
                for found in StaffMember.objects.filter(staff_number__in=chunk):
                    existing[found.staff_number] = found
            to_create: list[StaffMember] = []
            to_update: list[StaffMember] = []
            for record in records:
                member = existing.get(record.staff_number)
                if member is None:
                    to_create.append(StaffMember(staff_number=record.staff_number, **record.values))
                    continue
                changed = False
                for attname, value in record.values.items():
                    if getattr(member, attname) != value:
                        setattr(member, attname, value)
                        changed = True
                if changed:
                    to_update.append(member)
            if to_create:
                bulk_create_with_history(
                    to_create,
                    StaffMember,
                    batch_size=_BATCH,
                    default_user=user,
                    default_change_reason=reason,
                    default_date=when,
                )
            if to_update:
                bulk_update_with_history(
                    to_update,
                    StaffMember,
                    fields=list(_WRITTEN_FIELDS),
                    batch_size=_BATCH,
                    default_user=user,
                    default_change_reason=reason,
                    default_date=when,
                )
            result = ImportResult(
                filename=filename,
                rows=len(records),
                created=len(to_create),
                updated=len(to_update),
                unchanged=len(records) - len(to_create) - len(to_update),
                ignored_columns=list(ignored or []),
            )
            counts = {
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "ignored_columns": result.ignored_columns,
            }
            if progress:
                progress.succeeded("Done", rows_done=result.rows, **counts)
            else:
                StaffImport.objects.create(
                    filename=filename[:255],
                    sha256=sha256,
                    imported_by=user,
                    status=JobStatus.SUCCEEDED,
                    finished_at=when,
                    message="Done",
                    **counts,
                )
    except IntegrityError:
        raise ImportConflictError(
            "Another change to the staff directory happened while this file was being "
            "imported. Nothing from this file was written; import it again."
        ) from None
    return result
