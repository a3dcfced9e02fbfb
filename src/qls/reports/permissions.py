"""What each role may do with board reports (registered into qls.accounts.roles).

Every role reads the published editions: publishing quality openly is step
three of the National Quality Board's seven steps. The improvement team and
data analysts (and admins) define reports and open editions. Approving is
not a role: only the executive lead named on the report, or an admin
(``APPROVE_ANY``), approves an edition. Who may read a draft or write a
narrative depends on the edition (see ``access``).
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "reports.view_report"
MANAGE = "reports.change_report"
APPROVE_ANY = "reports.approve_any_edition"

_AUTHORS = [VIEW, "reports.add_report", MANAGE]

GRANTS: dict[str, list[str]] = {
    Role.STAFF: [VIEW],
    Role.PROJECT_LEAD: [VIEW],
    Role.QI_COACH: [VIEW],
    Role.IMPROVEMENT_TEAM: _AUTHORS,
    Role.DATA_ANALYST: _AUTHORS,
    Role.EXECUTIVE: [VIEW],
    Role.ADMIN: [*_AUTHORS, APPROVE_ANY],
}
