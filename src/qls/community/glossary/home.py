"""What the community home page shows of the glossary."""

from __future__ import annotations

from typing import Any

from qls.community.glossary.models import Term


def panel(user) -> dict[str, Any]:
    """The context of ``community/glossary/_home.html`` for this person."""
    return {"count": Term.objects.count()}
