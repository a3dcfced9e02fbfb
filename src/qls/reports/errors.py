"""What can go wrong with a report or an edition, one class per kind.

Actions raise these; views and commands turn them into a message.
"""

from __future__ import annotations


class ReportError(Exception):
    """Something about a report or an edition that the person must put right."""


class EmptySectionError(ReportError):
    """A section lists no metrics."""


class PeriodError(ReportError):
    """A reporting period that cannot be reported (unreadable, or not over yet)."""


class DuplicateEditionError(ReportError):
    """The report already has an edition for that period."""


class MissingNarrativesError(ReportError):
    """Exceptions still lack their owner's narrative."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "These exceptions have no complete narrative yet: " + "; ".join(missing) + "."
        )


class WrongStatusError(ReportError):
    """The edition is not at the step this change needs."""


class NotApproverError(ReportError):
    """Only the report's executive lead or an administrator may approve."""


class PublishedEditionError(ReportError):
    """A published edition is never changed; correct it with a new version."""
