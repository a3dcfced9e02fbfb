"""What each role may do in the community's forum (merged in qls.community.permissions)."""

from __future__ import annotations

GRANTS: dict[str, list[str]] = {}
