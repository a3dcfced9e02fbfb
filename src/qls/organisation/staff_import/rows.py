"""Checking every row of a staff extract before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from qls.core.limits import TITLE_MAX, cell_problems
from qls.organisation.errors import (
    ColumnsError,
    EmptyFileError,
    InvalidRowsError,
    RowError,
)
from qls.organisation.staff_import.lookups import Lookups
from qls.organisation.staff_import.row import Record, validate_row

# Columns looked up by code or name: a longer cell cannot match, and is not quoted.
_LOOKUP_LIMITS = {
    "staff_group": 40,
    "band": 20,
    "organisation": 20,
    "site": TITLE_MAX,
    "ward": TITLE_MAX,
}


def validate_rows(
    rows: Iterable[tuple[int, list[str]]],
    columns: dict[str, int],
    *,
    header_width: int,
    progress: Callable[[int], None] | None = None,
) -> list[Record]:
    """Check every row; return the records, or raise with every problem found."""
    lookups = Lookups()
    if "organisation" not in columns and lookups.host is None:
        raise ColumnsError(
            "There is no host trust set up yet, so every row needs an organisation column "
            "naming the organisation code."
        )
    errors: list[RowError] = []
    records: list[Record] = []
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
        record, row_errors = validate_row(line, values, lookups)
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
