"""One access check for a resource: returns it or raises 404 / 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from qls.community.resources import permissions as perms
from qls.community.resources.models import Resource, ResourceVersion


def require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def get_resource(user: Any, slug: str, *, manage: bool = False) -> Resource:
    require(user, perms.MANAGE if manage else perms.VIEW)
    return get_object_or_404(Resource, slug=slug)


def get_version(user: Any, slug: str, number: int | None = None) -> ResourceVersion:
    """A version of a resource (its latest when ``number`` is None)."""
    resource = get_resource(user, slug)
    versions = resource.versions.select_related("resource")
    if number is None:
        found = versions.order_by("-number").first()
        if found is None:
            raise PermissionDenied  # a resource always has a version; this cannot be served
        return found
    return get_object_or_404(versions, number=number)
