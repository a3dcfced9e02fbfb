"""What each role may do in the community's glossary (merged in qls.community.permissions).

Every role reads and searches the glossary. The improvement team (and
admins) keep it: add, change and remove terms.
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "community.view_term"
ADD = "community.add_term"
MANAGE = "community.change_term"
REMOVE = "community.delete_term"

_EDITORS = [VIEW, ADD, MANAGE, REMOVE]

GRANTS: dict[str, list[str]] = {
    Role.STAFF: [VIEW],
    Role.PROJECT_LEAD: [VIEW],
    Role.QI_COACH: [VIEW],
    Role.IMPROVEMENT_TEAM: _EDITORS,
    Role.DATA_ANALYST: [VIEW],
    Role.EXECUTIVE: [VIEW],
    Role.ADMIN: _EDITORS,
}
