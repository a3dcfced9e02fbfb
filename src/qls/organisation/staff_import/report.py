"""What an import did, and the lines the CLI and pages show for it or for a refusal."""

from __future__ import annotations

from dataclasses import dataclass, field

from qls.organisation.errors import (
    RowError,
    StaffImportError,
)

# Pages and the CLI list this many row errors and then say "and N more":
# a file where every row is wrong is better fixed from the first few.
MAX_LISTED_ERRORS = 200


@dataclass
class ImportResult:
    """What an import did: counts by outcome, and any columns it ignored."""

    filename: str
    rows: int
    created: int
    updated: int
    unchanged: int
    ignored_columns: list[str] = field(default_factory=list)


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
