"""Refusals raised by the capability actions; views turn them into messages."""

from __future__ import annotations


class TrainingError(Exception):
    """A training action was refused; the message says why, in words for the user."""


class AlreadyEnrolled(TrainingError):
    """The person already has a live place (or waiting-list place) on this course."""


class CohortFull(TrainingError):
    """No place is left on the cohort."""


class CohortNotBookable(TrainingError):
    """The cohort is not taking enrolments (cancelled, closed or finished)."""


class OfferNotOpen(TrainingError):
    """The offer of a place has expired or was withdrawn."""


class FutureSession(TrainingError):
    """Attendance cannot be marked for a session that has not happened yet."""


class CompletionRefused(TrainingError):
    """The participant has not met the course's completion rule."""


class CertificateRefused(TrainingError):
    """A certificate exists only for a completed enrolment."""


class SurveyRefused(TrainingError):
    """A survey answer is missing, out of range, or the survey was already answered."""


class PlanRefused(TrainingError):
    """The cohort plan cannot be created as asked."""
