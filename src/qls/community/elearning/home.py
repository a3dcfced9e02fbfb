"""What the community home page shows of the elearning."""

from __future__ import annotations

from typing import Any


def panel(user) -> dict[str, Any]:
    """The context of ``community/elearning/_home.html`` for this person."""
    return {}
