"""The NHS 5 x 5 risk matrix and the escalation levels of a quality risk.

A risk's rating is likelihood x consequence, each scored 1 (rare, negligible)
to 5 (almost certain, catastrophic). The ratings fall into four bands, so
only the products the matrix can make appear (7, 11, 13, 14 and the like
never do). Plain functions, so the rules are tested without a database.
"""

from __future__ import annotations

from django.db import models

SCORE_MIN, SCORE_MAX = 1, 5


class Band(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    EXTREME = "extreme", "Extreme"


# (lowest rating, highest rating) of each band.
BAND_RATINGS: dict[str, tuple[int, int]] = {
    Band.LOW: (1, 3),
    Band.MODERATE: (4, 6),
    Band.HIGH: (8, 12),
    Band.EXTREME: (15, 25),
}


class Level(models.TextChoices):
    """The National Quality Board's responses to a quality risk, least to most intense."""

    ROUTINE = "routine", "Routine quality management"
    ENHANCED = "enhanced", "Enhanced surveillance"
    INTENSIVE = "intensive", "Intensive support (risk summit)"


LEVEL_ORDER = {level: rank for rank, level in enumerate(Level)}


class ScoreOutOfRangeError(ValueError):
    """A likelihood or consequence outside 1 to 5."""


def check_score(label: str, value: int) -> None:
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ScoreOutOfRangeError(
            f"{label} must be a whole number from {SCORE_MIN} to {SCORE_MAX}."
        )


def rating(likelihood: int, consequence: int) -> int:
    """The risk's rating on the 5 x 5 matrix.

    >>> rating(4, 3)
    12
    """
    check_score("Likelihood", likelihood)
    check_score("Consequence", consequence)
    return likelihood * consequence


def band(value: int) -> Band:
    """The band of a rating: low 1-3, moderate 4-6, high 8-12, extreme 15-25.

    >>> band(12)
    <Band.HIGH: 'high'>
    """
    for name, (low, high) in BAND_RATINGS.items():
        if low <= value <= high:
            return Band(name)
    raise ScoreOutOfRangeError(f"{value} is not a rating the 5 x 5 matrix can give.")


def is_escalation(from_level: str, to_level: str) -> bool:
    """True when the new level is a more intense response than the old."""
    return LEVEL_ORDER[Level(to_level)] > LEVEL_ORDER[Level(from_level)]
