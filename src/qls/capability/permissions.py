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
    Role.ADMIN: [*_TRAINING_EVERYONE, NOMINATE, MANAGE_TRAINING, VIEW_TRAINING_REPORTS],
}


def _merge(*parts: dict[str, list[str]]) -> dict[str, list[str]]:
    grants: dict[str, list[str]] = {role: [] for role in Role}
    for part in parts:
        for role, perms in part.items():
            grants[role] += [p for p in perms if p not in grants[role]]
    return grants


GRANTS: dict[str, list[str]] = _merge(_TRAINING)
