"""Who may do what with metric sharing (merged into ``qls.system.permissions``).

All three system roles read the list of shares and the withdrawn log, and
download the agreements. The quality leads share and withdraw metrics and
upload agreements: a Partner quality lead for their own organisation only
(``qls.system.sharing.queries``), the System quality lead for any.
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "system.view_metric_sharing"
MANAGE = "system.share_metric"

GRANTS: dict[str, list[str]] = {
    Role.SYSTEM_QUALITY_LEAD: [VIEW, MANAGE],
    Role.PARTNER_QUALITY_LEAD: [VIEW, MANAGE],
    Role.PARTNER_ANALYST: [VIEW],
}
