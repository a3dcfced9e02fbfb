"""What the community home page shows of the celebrations."""

from __future__ import annotations

from typing import Any

from qls.community.celebrations import queries


def panel(user) -> dict[str, Any]:
    """The context of ``community/celebrations/_home.html``: the next event, recent awards."""
    event = queries.next_event()
    return {
        "next_event": event,
        "open": event is not None and event.is_open_for_submissions(),
        "awards": queries.recent_awards(5),
    }
