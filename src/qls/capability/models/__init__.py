"""Learning: the training and coaching models of the ``capability`` app.

Training: courses, cohorts and sessions (``training``), participants, their
enrolments and attendance (``enrolment``), self-efficacy surveys
(``surveys``) and training targets (``targets``). Coaching: competencies,
coaches and mentors (``coaching``), QI clinics (``clinics``), action
learning sets (``sets``) and improvement programmes (``programmes``).
"""

from qls.capability.models.clinics import ACTIVE_BOOKING, Clinic, ClinicBooking, ClinicSlot
from qls.capability.models.coaching import (
    Coach,
    Competency,
    CompetencyEvidence,
    CompetencyLevel,
    MentorPairing,
    _evidence_path,
)
from qls.capability.models.enrolment import PLACE_HOLDING, Attendance, Enrolment, Participant
from qls.capability.models.programmes import ImprovementProgramme, ProgrammeTeam
from qls.capability.models.sets import ActionLearningSet, SetAttendance, SetMeeting
from qls.capability.models.surveys import SurveyAnswer, SurveyItem, SurveyResponse
from qls.capability.models.targets import TrainingTarget
from qls.capability.models.training import Cohort, Course, Session

__all__ = [
    "ACTIVE_BOOKING",
    "PLACE_HOLDING",
    "ActionLearningSet",
    "Attendance",
    "Clinic",
    "ClinicBooking",
    "ClinicSlot",
    "Coach",
    "Cohort",
    "Competency",
    "CompetencyEvidence",
    "CompetencyLevel",
    "Course",
    "Enrolment",
    "ImprovementProgramme",
    "MentorPairing",
    "Participant",
    "ProgrammeTeam",
    "Session",
    "SetAttendance",
    "SetMeeting",
    "SurveyAnswer",
    "SurveyItem",
    "SurveyResponse",
    "TrainingTarget",
    # Named by the early migrations as the evidence file's upload path.
    "_evidence_path",
]
