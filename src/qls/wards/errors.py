"""What can go wrong in the ward programme, one class per kind (raised by actions)."""

from __future__ import annotations

from collections.abc import Sequence


class WardsError(Exception):
    """A ward programme rule was broken; ``message`` says which, in plain words."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs to, when there is one


class PlanError(WardsError):
    """A wave plan cannot be saved as asked."""


class WardAlreadyPlanned(PlanError):
    """The ward already sits in a wave of this programme."""


class StageError(WardsError):
    """A journey cannot move to the stage asked for."""


class EventNotOpen(WardsError):
    """The event is not taking issues (not open yet, or closed)."""


class SubmissionLimitReached(WardsError):
    """Too many issues from one device in a short time."""


class PatientIdentifierFound(WardsError):
    """Free text holds a patient identifier."""


class IssueError(WardsError):
    """An issue cannot be sorted, grouped or followed up as asked."""


class ActionOwnerMissing(IssueError):
    """A fix needs an owner."""


class AuditError(WardsError):
    """An audit answer or submission breaks a rule of its template."""


class AnswerOutOfRange(AuditError):
    """An answer lies outside its question's scale."""


class SurveyImportError(WardsError):
    """A staff survey file was refused; ``problems`` lists (line, message)."""

    def __init__(self, message: str, problems: Sequence[tuple[int | None, str]] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class TemplateError(WardsError):
    """An audit template cannot be changed, versioned or put in use as asked."""


class TemplateInUse(TemplateError):
    """Audits were carried out on this version, so it cannot change in place."""


class TemplateNotReady(TemplateError):
    """A version breaks a template rule (no questions, weights off the section total);
    ``problems`` lists each one."""

    def __init__(self, problems: Sequence[str]):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


class StandardError(WardsError):
    """Following up a failed audit standard the rules refuse (met, raised twice, not yours)."""
