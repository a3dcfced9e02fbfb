"""One access check per object type: returns the object or raises 404 / 403.

A published edition is read by every role. A draft (anything not yet
published) is read only by the people working on it: report authors (the
improvement team and analysts, who hold ``MANAGE``), the report's executive
lead, and the owners of its metrics; to anyone else it does not exist (404).
A narrative is written by its metric's owner or a report author.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from qls.reports import permissions as perms
from qls.reports.models import Edition, EditionItem, Report


def require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def staff_id(user: Any) -> int | None:
    member = getattr(user, "staff_member", None)
    return member.pk if member is not None else None


def get_report(user: Any, slug: str, *, manage: bool = False) -> Report:
    require(user, perms.MANAGE if manage else perms.VIEW)
    return get_object_or_404(Report.objects.select_related("executive_lead"), slug=slug)


def works_on(user: Any, edition: Edition) -> bool:
    """An author, the executive lead, or an owner of one of the edition's metrics."""
    if user.has_perm(perms.MANAGE):
        return True
    me = staff_id(user)
    if me is None:
        return False
    if edition.report.executive_lead_id == me:
        return True
    return edition.items.filter(owner_id=me).exists()


def get_edition(user: Any, pk: int) -> Edition:
    require(user, perms.VIEW)
    edition = get_object_or_404(
        Edition.objects.select_related("report__executive_lead", "correction_of"), pk=pk
    )
    if not edition.is_published and not works_on(user, edition):
        raise Http404("No such edition")
    return edition


def can_write_narrative(user: Any, item: EditionItem) -> bool:
    if not item.edition.is_open:
        return False
    return user.has_perm(perms.MANAGE) or (
        item.owner_id is not None and item.owner_id == staff_id(user)
    )


def get_item_to_write(user: Any, edition_pk: int, item_pk: int) -> EditionItem:
    edition = get_edition(user, edition_pk)
    item = get_object_or_404(
        EditionItem.objects.select_related("owner"), pk=item_pk, edition=edition
    )
    item.edition = edition
    if not item.kind:
        raise Http404("Only exceptions and good news carry a narrative")
    if not can_write_narrative(user, item):
        raise PermissionDenied
    return item
