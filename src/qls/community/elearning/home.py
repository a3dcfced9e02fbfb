"""What the community home page shows of the e-learning: my progress, and where to start."""

from __future__ import annotations

from typing import Any

from qls.community.elearning import progress
from qls.community.elearning.permissions import TAKE


def panel(user) -> dict[str, Any]:
    """The context of ``community/elearning/_home.html`` for this person."""
    if not user.has_perm(TAKE):
        return {}
    return {"state": progress.for_user(user)}
