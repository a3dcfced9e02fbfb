"""Errors raised by the observation importer; the page, the CLI and the API
turn them into messages. Every refusal means nothing was written."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    """One rejected row: its line in the file (or item in a pushed list) and why."""

    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}" if self.line else self.reason

    def as_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason}


class ImportRefused(Exception):
    """The import was refused and nothing was written."""

    def __init__(self, message: str, problems: list[RowProblem] | None = None, total: int = 0):
        super().__init__(message)
        self.message = message
        self.problems: list[RowProblem] = list(problems or [])
        # How many rows were rejected in all; ``problems`` may list only the first ones.
        self.total = max(total, len(self.problems))


class FileProblem(ImportRefused):
    """The file cannot be read at all: wrong type, empty, too large, missing columns."""


class RowsRejected(ImportRefused):
    """One or more rows failed validation; ``problems`` lists them by line."""


class DefinitionProblem(ImportRefused):
    """The metric's record-level definition is incomplete or its SQL is not allowed."""


class ForeignUnits(ImportRefused):
    """Rows name org units of an organisation other than the importer's own."""
