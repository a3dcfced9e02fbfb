"""What each role may do in the community's e-learning (merged in qls.community.permissions).

Every role takes the e-learning (``TAKE``); the improvement team (and admins)
write its chapters and quizzes (``EDIT``). A learner's own progress needs no
more: it is theirs.
"""

from __future__ import annotations

from qls.accounts.roles import Role

TAKE = "community.view_chapter"
EDIT = "community.change_chapter"

GRANTS: dict[str, list[str]] = {
    Role.STAFF: [TAKE],
    Role.PROJECT_LEAD: [TAKE],
    Role.QI_COACH: [TAKE],
    Role.IMPROVEMENT_TEAM: [TAKE, EDIT],
    Role.DATA_ANALYST: [TAKE],
    Role.EXECUTIVE: [TAKE],
    Role.ADMIN: [TAKE, EDIT],
}
