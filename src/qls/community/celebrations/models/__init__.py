"""Models of the community's celebrations (app label ``community``).

A ``CelebrationEvent`` is the yearly celebration of improvement: a date, a
venue with a capacity, a window for submissions and the award categories.
A project team sends a ``Submission`` (the project's A3 poster, an abstract
and a presenter); ``Judge`` rows name the panel, each judge gives one
``Score`` per submission against the rubric, the panel shortlists and the
improvement team gives each category's award to one shortlisted submission.
Staff ``Registration`` rows hold a seat or a waiting-list place, and the
``ProgrammeItem`` rows are the day's presentations.
"""

from qls.community.celebrations.models.abstracts import (
    ABSTRACT_MAX,
    ABSTRACT_WORDS,
    validate_abstract_words,
    word_count,
)
from qls.community.celebrations.models.attendance import ProgrammeItem, Registration
from qls.community.celebrations.models.events import AwardCategory, CelebrationEvent
from qls.community.celebrations.models.judging import Judge, Score
from qls.community.celebrations.models.rubric import RUBRIC, RUBRIC_FIELDS, SCORE_MAX, SCORE_MIN
from qls.community.celebrations.models.submissions import Submission

__all__ = [
    "ABSTRACT_MAX",
    "ABSTRACT_WORDS",
    "RUBRIC",
    "RUBRIC_FIELDS",
    "SCORE_MAX",
    "SCORE_MIN",
    "AwardCategory",
    "CelebrationEvent",
    "Judge",
    "ProgrammeItem",
    "Registration",
    "Score",
    "Submission",
    "validate_abstract_words",
    "word_count",
]
