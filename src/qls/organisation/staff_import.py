"""Staff import from an Electronic Staff Record (ESR) style extract, CSV or XLSX.

The whole file is read and validated before anything is written, then every
row is written in one transaction, so a file is either imported completely or
refused with a list of what is wrong (line number and reason) and the
database is untouched. Re-importing is safe: rows are matched on staff
number, and rows whose values have not changed are not written at all.

Reading the file (CSV/XLSX, size and row limits) is in staff_files; this
module maps columns, checks every row and writes. The format (columns,
accepted values, limits, messages) is described for
users in docs/data-import-formats.md; keep the two in step.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from qls.core.exports import formula_problem
from qls.core.jobs import RowProgress
from qls.core.limits import TITLE_MAX, cell_problems
from qls.core.models import JobStatus
from qls.core.screening import screen
from qls.organisation.errors import (
    ColumnsError,
    EmptyFileError,
    ImportConflictError,
    InvalidRowsError,
    RowError,
    StaffImportError,
)
from qls.organisation.models import (
    BANDS,
    Organisation,
    Site,
    StaffGroup,
    StaffImport,
    StaffMember,
    Ward,
)
from qls.organisation.staff_files import read_table, read_upload

REQUIRED_COLUMNS = (
    "staff_number",
    "first_name",
    "last_name",
    "email",
    "staff_group",
    "job_role",
    "band",
    "site",
    "ward",
)
OPTIONAL_COLUMNS = ("organisation",)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Pages and the CLI list this many row errors and then say "and N more":
# a file where every row is wrong is better fixed from the first few.
MAX_LISTED_ERRORS = 200

_STAFF_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]*$")
_FIELD_LIMITS = {"staff_number": 20, "first_name": 100, "last_name": 100, "job_role": 100}
_BATCH = 500
# Columns looked up by code or name: a longer cell cannot match, and is not quoted.
_LOOKUP_LIMITS = {
    "staff_group": 40,
    "band": 20,
    "organisation": 20,
    "site": TITLE_MAX,
    "ward": TITLE_MAX,
}
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


@dataclass
class ImportResult:
    """What an import did: counts by outcome, and any columns it ignored."""

    filename: str
    rows: int
    created: int
    updated: int
    unchanged: int
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Record:
    line: int
    staff_number: str
    values: dict[str, Any]


# ------------------------------------------------------------------ entry point


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


def listed_errors(error: StaffImportError) -> tuple[list[RowError], int]:
    """The row errors to show, and how many more there are beyond them."""
    shown = error.errors[:MAX_LISTED_ERRORS]
    return shown, len(error.errors) - len(shown)


def format_report(result: ImportResult) -> list[str]:
    """The lines the CLI prints (and the page shows) after an import."""
    lines = [
        f"Imported {result.filename}: {result.rows:,} rows.",
        f"  created:   {result.created:,}",
        f"  updated:   {result.updated:,}",
        f"  unchanged: {result.unchanged:,}",
    ]
    if result.ignored_columns:
        lines.append("Ignored columns (not used by QLS): " + ", ".join(result.ignored_columns))
    return lines


def format_error(error: StaffImportError) -> list[str]:
    shown, more = listed_errors(error)
    lines = [f"Refused: {error.message} Nothing was imported."]
    lines += [f"  {row}" for row in shown]
    if more:
        lines.append(f"  ... and {more:,} more.")
    return lines


# ------------------------------------------------------------------ columns


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def map_columns(header: list[str], header_line: int = 1) -> tuple[dict[str, int], list[str]]:
    """Column name -> index, and the names of columns QLS does not use."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[RowError] = []
    for index, raw in enumerate(header):
        name = _normalise_header(raw)
        if not name:
            continue
        if name in KNOWN_COLUMNS:
            if name in columns:
                problems.append(
                    RowError(
                        header_line,
                        f"column '{name}' appears twice (columns {columns[name] + 1} "
                        f"and {index + 1})",
                    )
                )
            columns[name] = index
        else:
            ignored.append(raw.strip())
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        message = "The file is missing these columns: " + ", ".join(missing) + "."
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            message += " The header looks separated by semicolons or tabs: use commas."
        elif ignored and not columns:
            message += (
                " The first row must be the header row, with the column names "
                + ", ".join(REQUIRED_COLUMNS)
                + "."
            )
        raise ColumnsError(message, problems)
    if problems:
        raise ColumnsError("A column name appears more than once in the header.", problems)
    return columns, ignored


# ------------------------------------------------------------------ validation


class _Lookups:
    """Organisations, sites and wards, read once per import."""

    def __init__(self) -> None:
        self.orgs = {o.code.lower(): o for o in Organisation.objects.all()}
        self.host = next((o for o in self.orgs.values() if o.is_host), None)
        sites = list(Site.objects.select_related("organisation"))
        self.sites: dict[str, Site] = {}
        for site in sites:
            self.sites.setdefault(site.name.lower(), site)
        for site in sites:
            # Codes win over names when a name happens to equal another site's code.
            self.sites[site.code.lower()] = site
        wards = list(Ward.objects.select_related("site"))
        self.ward_codes = {w.code.lower(): w for w in wards}
        self.ward_names = {(w.site_id, w.name.lower()): w for w in wards}
        self.groups = {}
        for value, label in StaffGroup.choices:
            self.groups[label.lower()] = value
            self.groups[value.lower()] = value
        self.bands = {band.lower(): band for band in BANDS}
        for band in BANDS:
            if band.startswith("Band "):
                self.bands[band[5:].lower()] = band


def validate_rows(
    rows: Iterable[tuple[int, list[str]]],
    columns: dict[str, int],
    *,
    header_width: int,
    progress: Callable[[int], None] | None = None,
) -> list[_Record]:
    """Check every row; return the records, or raise with every problem found."""
    lookups = _Lookups()
    if "organisation" not in columns and lookups.host is None:
        raise ColumnsError(
            "There is no host trust set up yet, so every row needs an organisation column "
            "naming the organisation code."
        )
    errors: list[RowError] = []
    records: list[_Record] = []
    first_line: dict[str, int] = {}
    for done, (line, cells) in enumerate(rows):
        if progress:
            progress(done)
        if len(cells) < header_width or any(cells[header_width:]):
            errors.append(
                RowError(
                    line,
                    f"has {len(cells)} fields but the header has {header_width}; check for a "
                    "comma inside a value that is not in double quotes",
                )
            )
            continue
        values = {name: cells[index] for name, index in columns.items()}
        if too_long := cell_problems(values, _LOOKUP_LIMITS):
            errors += [RowError(line, p.rstrip(".")) for p in too_long]
            continue
        record, row_errors = _validate_row(line, values, lookups)
        errors += row_errors
        # Duplicates are checked even on rows with other problems, so fixing
        # those does not reveal a new error on the next upload.
        number = values["staff_number"]
        earlier = first_line.get(number) if number else None
        if earlier is not None:
            errors.append(
                RowError(
                    line,
                    f"staff_number is also on line {earlier}; each staff number may appear once",
                )
            )
            continue
        if number:
            first_line[number] = line
        if record is not None:
            records.append(record)
    if errors:
        count = len({e.line for e in errors})
        raise InvalidRowsError(
            f"{count:,} row{'s' if count != 1 else ''} of the file "
            f"{'have' if count != 1 else 'has'} problems.",
            errors,
        )
    if not records:
        raise EmptyFileError("The file has a header row but no staff rows.")
    return records


def _validate_row(
    line: int, values: dict[str, str], lookups: _Lookups
) -> tuple[_Record | None, list[RowError]]:
    problems: list[str] = []

    for name in ("staff_number", "first_name", "last_name", "job_role"):
        if not values[name]:
            problems.append(f"{name} is empty")
        elif len(values[name]) > _FIELD_LIMITS[name]:
            problems.append(f"{name} is longer than {_FIELD_LIMITS[name]} characters")
    for name, value in values.items():
        if problem := formula_problem(name, value):
            problems.append(problem)
    number = values["staff_number"]
    if number and len(number) <= 20 and not _STAFF_NUMBER.match(number):
        problems.append("staff_number may contain only letters, digits, '-' and '/'")

    email = values["email"]
    if len(email) > 254:
        problems.append("email is longer than 254 characters")
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("email is not a valid email address")

    group = lookups.groups.get(values["staff_group"].lower())
    if group is None:
        what = "is not an ESR staff group" if values["staff_group"] else "is empty"
        problems.append(f"staff_group {what}; use one of: " + "; ".join(StaffGroup.values))
    band = lookups.bands.get(values["band"].lower())
    if band is None:
        what = "is not" if values["band"] else "is empty; use"
        problems.append(f"band {what} one of: " + ", ".join(BANDS))

    org_code = values.get("organisation", "")
    organisation = lookups.orgs.get(org_code.lower()) if org_code else lookups.host
    if organisation is None:
        if org_code:
            problems.append("organisation is not an organisation code in QLS")
        else:
            problems.append("organisation is empty and there is no host trust to default to")

    site, ward = _site_and_ward(values["site"], values["ward"], organisation, lookups, problems)

    if problems:
        return None, [RowError(line, p) for p in problems]
    assert organisation is not None
    assert group is not None
    assert band is not None
    return (
        _Record(
            line=line,
            staff_number=number,
            values={
                "first_name": values["first_name"],
                "last_name": values["last_name"],
                "email": email,
                "organisation_id": organisation.pk,
                "staff_group": group,
                "job_role": values["job_role"],
                "band": band,
                "site_id": site.pk if site else None,
                "ward_id": ward.pk if ward else None,
                "active": True,
            },
        ),
        [],
    )


def _site_and_ward(
    site_text: str,
    ward_text: str,
    organisation: Organisation | None,
    lookups: _Lookups,
    problems: list[str],
) -> tuple[Site | None, Ward | None]:
    site = None
    if site_text:
        site = lookups.sites.get(site_text.lower())
        if site is None:
            problems.append("site is not a site in QLS; use a site code or its exact name")
            return None, None
        if organisation is not None and site.organisation_id != organisation.pk:
            problems.append(f"site belongs to {site.organisation.name}, not to {organisation.name}")
            return None, None
    if not ward_text:
        return site, None
    if site is None:
        problems.append("ward is given without a site; fill in the site column")
        return None, None
    ward = lookups.ward_codes.get(ward_text.lower())
    if ward is None or ward.site_id != site.pk:
        ward = lookups.ward_names.get((site.pk, ward_text.lower()))
    if ward is None:
        problems.append(f"ward is not a ward at {site.name}")
        return site, None
    return site, ward


# ------------------------------------------------------------------ writing


def apply(
    records: list[_Record],
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


__all__ = [
    "KNOWN_COLUMNS",
    "MAX_LISTED_ERRORS",
    "REQUIRED_COLUMNS",
    "ImportResult",
    "StaffImportError",
    "format_error",
    "format_report",
    "import_staff",
    "listed_errors",
]
