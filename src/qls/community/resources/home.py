"""What the community home page shows of the resources."""

from __future__ import annotations

from typing import Any

from qls.community.resources import queries


def panel(user) -> dict[str, Any]:
    """The context of ``community/resources/_home.html`` for this person."""
    return {"newest": list(queries.newest()), "most_used": list(queries.most_used())}
