"""Refusals raised by the e-learning's actions; views turn them into messages."""

from __future__ import annotations


class ElearningError(Exception):
    """An e-learning action was refused; the message says why, in words for the user."""


class NotALearner(ElearningError):
    """The account is not linked to the staff directory, so no progress can be kept."""


class QuizRefused(ElearningError):
    """A quiz answer sheet is incomplete or does not match the quiz."""


class QuizTextInvalid(ElearningError):
    """The quiz as typed by the improvement team cannot be read; the message names the line."""


class MediaRefused(ElearningError):
    """An image, video or captions file is of the wrong kind, too large or missing captions."""
