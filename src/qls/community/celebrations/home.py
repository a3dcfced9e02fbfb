"""What the community home page shows of the celebrations."""

from __future__ import annotations

from typing import Any


def panel(user) -> dict[str, Any]:
    """The context of ``community/celebrations/_home.html`` for this person."""
    return {}
