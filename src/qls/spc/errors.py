"""Domain errors raised by :mod:`qls.spc` and turned into messages by its callers."""

from __future__ import annotations


class SpcError(Exception):
    """Base class of every error the SPC engine raises on purpose."""


class SpcInputError(SpcError, ValueError):
    """Input points or options that the method cannot analyse.

    ``row`` is the 0-based row of the offending table (points or options), so the
    CLI can turn it into a 1-based file line (header = line 1); ``line`` and
    ``file`` are filled in by whoever knows them.
    """

    def __init__(
        self,
        message: str,
        *,
        column: str | None = None,
        row: int | None = None,
        table: str = "points",
        file: str | None = None,
        line: int | None = None,
        first_row: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        # For a repeat: the row the value first appeared on, located like ``row``.
        self.first_row = first_row
        self.column = column
        self.row = row
        self.table = table
        self.file = file
        self.line = line

    def located(self, *, file: str, header_lines: int = 1) -> SpcInputError:
        """Return a copy that knows the file and the 1-based line of the bad row."""
        line = self.line
        if line is None and self.row is not None:
            line = self.row + header_lines + 1
        message = self.message
        if self.first_row is not None:
            message += f" (first at line {self.first_row + header_lines + 1})"
        return SpcInputError(
            message, column=self.column, row=self.row, table=self.table, file=file, line=line
        )

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.row is not None:
            where.append(f"{self.table} row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = ": ".join(where)
        message = self.message
        if self.first_row is not None and self.file is None:
            message += f" (first at {self.table} row {self.first_row})"
        return f"{prefix}: {message}" if prefix else message


class SpcOptionError(SpcError, ValueError):
    """An argument of :func:`qls.spc.analyse` itself is wrong (chart name, rule set)."""


def one_line(exc: SpcInputError) -> str:
    """``file:line: column: problem`` for the command line (the parts known, in that order).

    The line is 1-based as a person counts lines in the file (the header is
    line 1); the column part is left out when the problem is not about one
    column, and the line when it is about the whole file.
    """
    parts = []
    if exc.file is not None:
        parts.append(exc.file if exc.line is None else f"{exc.file}:{exc.line}")
    elif exc.row is not None:
        parts.append(f"{exc.table} row {exc.row}")
    if exc.column is not None:
        parts.append(exc.column)
    message = exc.message
    if exc.first_row is not None and exc.file is None:
        message += f" (first at {exc.table} row {exc.first_row})"
    return ": ".join([*parts, message])
