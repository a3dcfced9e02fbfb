"""One access check for a quality risk: returns it or raises 404 / 403.

The risk is looked up among the risks the user may see before the action's
permission is checked, so another organisation's risk is always "not
found", never "forbidden": a refusal would tell a partner that it exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from qls.system import permissions as perms
from qls.system.models import QualityRisk
from qls.system.tenancy import visible_risks


def require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def get_risk(user: Any, pk: int, *, permission: str = perms.VIEW) -> QualityRisk:
    require(user, perms.VIEW)
    risk = get_object_or_404(
        visible_risks(user).select_related("organisation", "owner", "raised_by"), pk=pk
    )
    require(user, permission)
    return risk
