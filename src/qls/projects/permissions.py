"""What each role may do in this area (registered into qls.accounts.roles).

Reading projects needs no permission: every signed-in person may read every
project. Editing one project is decided per project in ``access.py`` (its
team and coach may edit it); the permissions here are the area-wide rights.
"""

from __future__ import annotations

from qls.accounts.roles import Role

ADD_PROJECT = "projects.add_project"
CHANGE_ANY_PROJECT = "projects.change_any_project"
VIEW_EVALUATIONS = "projects.view_evaluations"

# Every role that is staff may register a project (an account with no role sees no page:
# qls.accounts.middleware).
_REGISTER = [ADD_PROJECT]

GRANTS: dict[str, list[str]] = {
    Role.STAFF: _REGISTER,
    Role.PROJECT_LEAD: _REGISTER,
    Role.QI_COACH: _REGISTER,
    Role.IMPROVEMENT_TEAM: [*_REGISTER, CHANGE_ANY_PROJECT, VIEW_EVALUATIONS],
    Role.DATA_ANALYST: _REGISTER,
    Role.EXECUTIVE: _REGISTER,
    Role.ADMIN: [*_REGISTER, CHANGE_ANY_PROJECT, VIEW_EVALUATIONS],
}
