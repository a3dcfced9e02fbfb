"""Errors the organisation app raises; views and commands turn them into messages.

A refused staff file always raises a subclass of :class:`StaffImportError`,
so callers can catch one class and show ``str(error)`` plus ``error.errors``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem in a staff file: the file line (or sheet row) and what is wrong."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


class OrganisationError(Exception):
    """Base class for errors raised by the organisation app."""


class StaffImportError(OrganisationError):
    """A staff file was refused and nothing was written."""

    def __init__(self, message: str, errors: list[RowError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[RowError] = list(errors or [])


class FileTooLargeError(StaffImportError):
    """The upload is bigger than QLS_MAX_UPLOAD_BYTES."""


class EmptyFileError(StaffImportError):
    """The file has no bytes, or no header row."""


class UnsupportedFileTypeError(StaffImportError):
    """The file name does not end in .csv or .xlsx."""


class FileEncodingError(StaffImportError):
    """A CSV file is not UTF-8 text."""


class MalformedFileError(StaffImportError):
    """The file cannot be read as CSV or XLSX at all (bad quoting, not a workbook)."""


class ColumnsError(StaffImportError):
    """Required columns are missing, or a column name appears twice."""


class InvalidRowsError(StaffImportError):
    """One or more rows failed validation; ``errors`` lists them by line."""


class ImportConflictError(StaffImportError):
    """Another import wrote the same staff numbers while this one ran."""
