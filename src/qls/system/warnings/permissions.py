"""Who may do what with soft intelligence and the early-warning list (merged into
``qls.system.permissions``).

The System quality lead logs and reads every partner's soft intelligence. A
Partner quality lead logs and reads their own organisation's; a Partner
analyst reads their own organisation's. All three see the early-warning
list, built from what each of them may see (``qls.system.warnings.queries``).
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "system.view_softintelligence"
LOG = "system.add_softintelligence"
EARLY_WARNINGS = "system.view_early_warnings"

GRANTS: dict[str, list[str]] = {
    Role.SYSTEM_QUALITY_LEAD: [VIEW, LOG, EARLY_WARNINGS],
    Role.PARTNER_QUALITY_LEAD: [VIEW, LOG, EARLY_WARNINGS],
    Role.PARTNER_ANALYST: [VIEW, EARLY_WARNINGS],
}
