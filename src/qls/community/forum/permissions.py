"""What each role may do in the community's forum (merged in qls.community.permissions).

Every role reads, asks, replies, follows and reports: the forum is open to
all staff, with no licence. Coaches also see the threads waiting for an
answer, to pick them up. The improvement team (and admins) moderate: hide a
post with a reason, lock a thread, mark the answer of any thread, and set the
categories. The author of a thread marks its answer without a permission
(see ``forum.access``).
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "community.view_forumthread"
POST = "community.add_forumpost"
MODERATE = "community.moderate_forum"
UNANSWERED = "community.view_unanswered_threads"
MANAGE_CATEGORIES = "community.change_forumcategory"

_MEMBERS = [VIEW, POST]
_MODERATORS = [*_MEMBERS, UNANSWERED, MODERATE, MANAGE_CATEGORIES]

GRANTS: dict[str, list[str]] = {
    Role.STAFF: _MEMBERS,
    Role.PROJECT_LEAD: _MEMBERS,
    Role.QI_COACH: [*_MEMBERS, UNANSWERED],
    Role.IMPROVEMENT_TEAM: _MODERATORS,
    Role.DATA_ANALYST: _MEMBERS,
    Role.EXECUTIVE: _MEMBERS,
    Role.ADMIN: _MODERATORS,
}
