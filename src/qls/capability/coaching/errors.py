"""Why a coaching, clinic, set or programme action was refused (shown to the user as is)."""

from __future__ import annotations


class CoachingError(Exception):
    """Base class: an action in coaching, clinics, sets or programmes was refused."""


class SlotInPastError(CoachingError):
    """The clinic slot has already started."""


class SlotTakenError(CoachingError):
    """Someone else holds a booking for this slot."""


class DoubleBookingError(CoachingError):
    """The person already holds a booking that overlaps this slot."""


class ClinicClosedError(CoachingError):
    """The clinic no longer runs."""


class BookingStateError(CoachingError):
    """The booking is not in a state that allows this change."""


class CoachUnavailableError(CoachingError):
    """The coach is inactive, at capacity, or busy at that time."""


class SignOffError(CoachingError):
    """Evidence cannot be signed off or returned by this person or in this state."""


class PairingError(CoachingError):
    """A mentor pairing would be invalid (self, duplicate, or already ended)."""


class SetMeetingError(CoachingError):
    """An action learning set meeting cannot take this change."""


class ProgrammeError(CoachingError):
    """An improvement programme or team cannot take this change."""
