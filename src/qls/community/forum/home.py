"""What the community home page shows of the forum."""

from __future__ import annotations

from typing import Any

from qls.community.forum import queries


def panel(user) -> dict[str, Any]:
    """The context of ``community/forum/_home.html`` for this person."""
    return {"recent": queries.recent(5), "unanswered": queries.unanswered(5)}
