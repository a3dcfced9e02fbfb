"""What each role may do in this area (registered into qls.accounts.roles)."""

from __future__ import annotations

from qls.accounts.roles import Role

GRANTS: dict[str, list[str]] = {role: [] for role in Role}
