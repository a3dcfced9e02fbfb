"""Why a celebration action was refused: one class per kind, each message fit to show."""

from __future__ import annotations


class CelebrationError(Exception):
    """A celebration action was refused; the message says why."""


class SubmissionsClosed(CelebrationError):
    """The event is not taking submissions today."""


class NotOnTheTeam(CelebrationError):
    """Only the project's team may submit it."""


class AlreadySubmitted(CelebrationError):
    """The project is already submitted to this event."""


class NotAJudge(CelebrationError):
    """The person is not on this event's judging panel."""


class OwnProject(CelebrationError):
    """A judge may not score a project they belong to."""


class ScoreOutOfRange(CelebrationError):
    """A score is outside the rubric's scale."""


class NotShortlisted(CelebrationError):
    """An award goes only to a shortlisted submission, and shortlisting needs a score."""


class AwardTaken(CelebrationError):
    """The category's award has already been given."""


class AlreadyRegistered(CelebrationError):
    """The person is already registered (or waiting) for this event."""


class AlreadyJudging(CelebrationError):
    """The person is already on this event's panel."""


class RegistrationClosed(CelebrationError):
    """The event has taken place: nobody registers for it now."""
