"""What each role may do in the community's resources (merged in qls.community.permissions)."""

from __future__ import annotations

GRANTS: dict[str, list[str]] = {}
