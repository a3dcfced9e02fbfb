"""The ward improvement programme and ward accreditation.

Programme side: a ``WardProgramme`` adds a few wards per site every few
months (a ``Wave``); each ward's ``WardJourney`` moves through diagnostic →
engagement → action → sustain. At the ward's ``EngagementEvent`` staff raise
``Issue`` rows (signed in or not); each is sorted into fix (an ``Action``
with an owner), improve (a QI project in the registry) or change (an
``Escalation`` to the division or trust). Staff are nominated for QSIR
Practitioner training (``Nomination``). Staff survey results
(``StaffSurveyResult``) feed the ward's diagnostic pack.

Accreditation side: an ``AuditTemplate`` has sections and weighted
questions; an ``Audit`` of a ward scores its ``AuditAnswer`` rows as a
percentage; ``AccreditationLevel`` rows (bronze, silver, gold) name the
score a ward must hold for a number of consecutive audits.

Every model is imported here so Django finds them; ``_new_token`` stays here
because migrations name it at this path.
"""

from qls.wards.models.action import Action
from qls.wards.models.audit import Audit, AuditAnswer
from qls.wards.models.engagement import EngagementEvent, _new_token
from qls.wards.models.escalation import Escalation
from qls.wards.models.issues import Issue
from qls.wards.models.journey import WardJourney
from qls.wards.models.levels import AccreditationLevel
from qls.wards.models.nomination import Nomination
from qls.wards.models.programme import WardProgramme, Wave
from qls.wards.models.questions import AuditQuestion
from qls.wards.models.standard_project import StandardProject
from qls.wards.models.survey import StaffSurveyResult, SurveyImport
from qls.wards.models.templates import AuditSection, AuditTemplate

__all__ = [
    "AccreditationLevel",
    "Action",
    "Audit",
    "AuditAnswer",
    "AuditQuestion",
    "AuditSection",
    "AuditTemplate",
    "EngagementEvent",
    "Escalation",
    "Issue",
    "Nomination",
    "StaffSurveyResult",
    "StandardProject",
    "SurveyImport",
    "WardJourney",
    "WardProgramme",
    "Wave",
    "_new_token",
]
