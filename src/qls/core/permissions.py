"""The cross-cutting permissions core declares, and the "holds any permission" test.

The permissions belong to no one domain model; they are declared on
``core.AreaPermission`` so Django creates them, and the roles that hold
them are set in ``qls.accounts.roles``.
"""

from __future__ import annotations

from typing import Any

VIEW_AUDIT = "core.view_audit_history"
VIEW_BOARD_REPORTS = "core.view_board_reports"
REDACT_TEXT = "core.redact_text"


def holds_any_permission(user: Any) -> bool:
    """True for a signed-in, active person holding at least one permission (or a superuser).

    Every role grants permissions, so an account that holds none holds no
    role and reaches only its own account pages (``qls.accounts.access``).
    Asking costs no query on most pages: the backend caches the permissions
    on the user for the request, and the header and the view ask anyway.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user.get_all_permissions())
