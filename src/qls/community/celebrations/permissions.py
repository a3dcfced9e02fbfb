"""What each role may do in the community's celebrations (merged in qls.community.permissions).

Every role sees the events, the gallery and the programme, registers to
attend and (as a project's team) submits its project. The improvement team
(and admins) create events, name the judging panel, set the programme and
give the awards. Judging and shortlisting are not a role: the people named
on an event's panel do them (see ``access``).
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "community.view_celebrationevent"
ADD = "community.add_celebrationevent"
MANAGE = "community.change_celebrationevent"

_ORGANISERS = [VIEW, ADD, MANAGE]

GRANTS: dict[str, list[str]] = {
    Role.STAFF: [VIEW],
    Role.PROJECT_LEAD: [VIEW],
    Role.QI_COACH: [VIEW],
    Role.IMPROVEMENT_TEAM: _ORGANISERS,
    Role.DATA_ANALYST: [VIEW],
    Role.EXECUTIVE: [VIEW],
    Role.ADMIN: _ORGANISERS,
}
