"""What each role may do in this area (registered into qls.accounts.roles).

Views check these names with ``user.has_perm``; docs/learning.md lists them.
Each part of the area adds its own list below and its roles in GRANTS.
"""

from __future__ import annotations

from qls.accounts.roles import Role

# ---------------------------------------------------------------- training
# Every member of staff: see courses and cohorts, apply, answer their own
# surveys and see their own training (own records need no extra permission).
VIEW_TRAINING = "capability.view_course"
# Put someone else forward for a place: managers (project leads), the improvement team.
NOMINATE = "capability.add_enrolment"
# Run courses, cohorts, sessions, registers and partner participants.
MANAGE_TRAINING = "capability.manage_training"
# Training, completion and self-efficacy reports.
VIEW_TRAINING_REPORTS = "capability.view_training_reports"

# The self-efficacy statements, edited in the Django admin (admins only).
SURVEY_ITEMS = [
    "capability.view_surveyitem",
    "capability.add_surveyitem",
    "capability.change_surveyitem",
]

_TRAINING_EVERYONE = [VIEW_TRAINING]
_TRAINING: dict[str, list[str]] = {
    Role.STAFF: _TRAINING_EVERYONE,
    Role.PROJECT_LEAD: [*_TRAINING_EVERYONE, NOMINATE],
    Role.QI_COACH: _TRAINING_EVERYONE,
    Role.IMPROVEMENT_TEAM: [
        *_TRAINING_EVERYONE,
        NOMINATE,
        MANAGE_TRAINING,
        VIEW_TRAINING_REPORTS,
    ],
    Role.DATA_ANALYST: _TRAINING_EVERYONE,
    Role.EXECUTIVE: [*_TRAINING_EVERYONE, VIEW_TRAINING_REPORTS],
    Role.ADMIN: [
        *_TRAINING_EVERYONE,
        NOMINATE,
        MANAGE_TRAINING,
        VIEW_TRAINING_REPORTS,
        *SURVEY_ITEMS,
    ],
}


# ------------------------------------------------ coaching, clinics, sets, programmes
# Faculty sign-off (SIGN_OFF_COMPETENCY) goes to the improvement team only: the
# faculty who run the coaching route. Admins manage the records but are not
# faculty, and a coach signs nobody off (peers do not assess peers).
VIEW_COACHES = "capability.view_coach"
MANAGE_COACHING = "capability.manage_coaching"
SUBMIT_EVIDENCE = "capability.add_competencyevidence"
SIGN_OFF_COMPETENCY = "capability.sign_off_competency"
VIEW_CLINICS = "capability.view_clinic"
BOOK_CLINIC = "capability.add_clinicbooking"
MANAGE_CLINICS = "capability.manage_clinics"
RECORD_CLINIC_OUTCOMES = "capability.record_clinic_outcomes"
VIEW_SETS = "capability.view_actionlearningset"
MANAGE_SETS = "capability.manage_sets"
VIEW_PROGRAMMES = "capability.view_improvementprogramme"
MANAGE_PROGRAMMES = "capability.manage_programmes"

_COACHING_EVERYONE = [
    VIEW_COACHES,
    SUBMIT_EVIDENCE,
    VIEW_CLINICS,
    BOOK_CLINIC,
    VIEW_SETS,
    VIEW_PROGRAMMES,
]
_COACHING_MANAGERS = [MANAGE_COACHING, MANAGE_CLINICS, MANAGE_SETS, MANAGE_PROGRAMMES]
_COACHING: dict[str, list[str]] = {
    Role.STAFF: _COACHING_EVERYONE,
    Role.PROJECT_LEAD: _COACHING_EVERYONE,
    Role.QI_COACH: [*_COACHING_EVERYONE, RECORD_CLINIC_OUTCOMES],
    Role.IMPROVEMENT_TEAM: [
        *_COACHING_EVERYONE,
        *_COACHING_MANAGERS,
        RECORD_CLINIC_OUTCOMES,
        SIGN_OFF_COMPETENCY,
    ],
    Role.DATA_ANALYST: _COACHING_EVERYONE,
    Role.EXECUTIVE: _COACHING_EVERYONE,
    Role.ADMIN: [*_COACHING_EVERYONE, *_COACHING_MANAGERS, RECORD_CLINIC_OUTCOMES],
}


def _merge(*parts: dict[str, list[str]]) -> dict[str, list[str]]:
    grants: dict[str, list[str]] = {role: [] for role in Role}
    for part in parts:
        for role, perms in part.items():
            grants[role] += [p for p in perms if p not in grants[role]]
    return grants


GRANTS: dict[str, list[str]] = _merge(_TRAINING, _COACHING)
