"""Writes to accounts that touch more than one table (a user and their groups)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from qls.accounts.errors import CannotDeactivateSelf, CannotRemoveOwnAdminRole
from qls.accounts.models import User
from qls.accounts.roles import Role


@transaction.atomic
def change_roles(*, user: User, roles: Iterable[str], is_active: bool, by: User) -> User:
    """Give ``user`` exactly ``roles`` and set whether the account is active.

    The change is written to the audit history as one row (who, when, the
    groups before and after), however many groups were added or removed.
    """
    wanted = {Role(role) for role in roles}
    if user.pk == by.pk:
        if Role.ADMIN not in wanted and user.groups.filter(name=Role.ADMIN).exists():
            raise CannotRemoveOwnAdminRole()
        if not is_active and user.is_active:
            raise CannotDeactivateSelf()

    # Each add/remove on the groups would otherwise write its own history row;
    # skip those and save once, so the history shows the whole change together.
    # simple-history reads these instance attributes; setattr keeps mypy honest
    # about them not being model fields.
    setattr(user, "skip_history_when_saving", True)  # noqa: B010
    try:
        user.groups.set(Group.objects.filter(name__in=wanted))
    finally:
        delattr(user, "skip_history_when_saving")
    user.is_active = is_active
    setattr(user, "_history_user", by)  # noqa: B010 - also right outside a web request
    setattr(user, "_change_reason", "Roles changed")  # noqa: B010
    user.save(update_fields=["is_active"])
    return user
