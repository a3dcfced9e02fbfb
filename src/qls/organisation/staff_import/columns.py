"""The columns of a staff extract, and mapping a header row onto them."""

from __future__ import annotations

import re

from qls.organisation.errors import (
    ColumnsError,
    RowError,
)

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
