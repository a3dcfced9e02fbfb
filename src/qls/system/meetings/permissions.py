"""Who may do what with System Quality Group meetings (merged into ``qls.system.permissions``).

The System quality lead runs the meetings: creates them, builds and edits
the agenda, records minutes, decisions and actions. A Partner quality lead
reads the meetings they are a member of, or whose agenda concerns their
organisation (``qls.system.meetings.queries.visible_meetings``).
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "system.view_meeting"
RUN = "system.run_meeting"

GRANTS: dict[str, list[str]] = {
    Role.SYSTEM_QUALITY_LEAD: [VIEW, RUN],
    Role.PARTNER_QUALITY_LEAD: [VIEW],
}
