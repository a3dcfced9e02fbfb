"""What each role may do in system quality oversight (registered into qls.accounts.roles).

The System quality lead owns the register: sees every partner's risks,
raises and edits them, and decides their escalation level. A Partner
quality lead raises and keeps their own organisation's risks and their
actions. A Partner analyst reads their own organisation's register. Which
organisation is "their own" is ``qls.system.tenancy.organisation_of``.
"""

from __future__ import annotations

from qls.accounts.roles import Role
from qls.system.dashboard.permissions import GRANTS as DASHBOARD
from qls.system.learning.permissions import GRANTS as LEARNING_GRANTS
from qls.system.meetings.permissions import GRANTS as MEETINGS
from qls.system.sharing.permissions import GRANTS as SHARING
from qls.system.warnings.permissions import GRANTS as WARNINGS

VIEW = "system.view_qualityrisk"
RAISE = "system.add_qualityrisk"
EDIT = "system.change_qualityrisk"
ESCALATE = "system.escalate_qualityrisk"
EVERY_ORGANISATION = "system.view_every_organisation"

GRANTS: dict[str, list[str]] = {
    Role.SYSTEM_QUALITY_LEAD: [VIEW, RAISE, EDIT, ESCALATE, EVERY_ORGANISATION],
    Role.PARTNER_QUALITY_LEAD: [VIEW, RAISE, EDIT],
    Role.PARTNER_ANALYST: [VIEW],
}
# The sub-packages' grants (meetings, learning, sharing, dashboard, early
# warnings), merged role by role.
_PARTS = (GRANTS, MEETINGS, LEARNING_GRANTS, SHARING, DASHBOARD, WARNINGS)
GRANTS = {
    role: [perm for part in _PARTS for perm in part.get(role, [])]
    for role in {role for part in _PARTS for role in part}
}
