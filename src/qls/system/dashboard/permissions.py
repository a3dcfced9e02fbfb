"""Who may read the system dashboard (merged into ``qls.system.permissions``).

All three system roles read the dashboard, a metric across the system and
the places. What they see is limited by ``qls.measurement.sharing.visible_series``:
their own organisation's data and what other partners share.
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "system.view_system_dashboard"

GRANTS: dict[str, list[str]] = {
    Role.SYSTEM_QUALITY_LEAD: [VIEW],
    Role.PARTNER_QUALITY_LEAD: [VIEW],
    Role.PARTNER_ANALYST: [VIEW],
}
