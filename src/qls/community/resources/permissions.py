"""What each role may do in the community's resources (merged in qls.community.permissions).

Every role reads and downloads the library. The improvement team (and
admins) publish resources, edit them and upload new versions.
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "community.view_resource"
ADD = "community.add_resource"
MANAGE = "community.change_resource"

GRANTS: dict[str, list[str]] = {
    Role.STAFF: [VIEW],
    Role.PROJECT_LEAD: [VIEW],
    Role.QI_COACH: [VIEW],
    Role.IMPROVEMENT_TEAM: [VIEW, ADD, MANAGE],
    Role.DATA_ANALYST: [VIEW],
    Role.EXECUTIVE: [VIEW],
    Role.ADMIN: [VIEW, ADD, MANAGE],
}
