"""One access check for a glossary term: returns it or raises 404 / 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from qls.community.glossary import permissions as perms
from qls.community.glossary.models import Term


def require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def get_term(user: Any, slug: str, *, permission: str = perms.MANAGE) -> Term:
    require(user, permission)
    return get_object_or_404(Term, slug=slug)
