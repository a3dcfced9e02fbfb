"""What each role may do in the community (registered into qls.accounts.roles).

Every signed-in member of staff with a role reads and posts: the community is
open to all staff, with no licence. Each area declares its own grants; they
are merged here.
"""

from __future__ import annotations

from qls.community.celebrations.permissions import GRANTS as CELEBRATIONS
from qls.community.elearning.permissions import GRANTS as ELEARNING
from qls.community.forum.permissions import GRANTS as FORUM
from qls.community.glossary.permissions import GRANTS as GLOSSARY
from qls.community.resources.permissions import GRANTS as RESOURCES


def _merge(*grants: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for area in grants:
        for role, codenames in area.items():
            held = merged.setdefault(role, [])
            held.extend(c for c in codenames if c not in held)
    return merged


GRANTS = _merge(FORUM, RESOURCES, ELEARNING, GLOSSARY, CELEBRATIONS)
