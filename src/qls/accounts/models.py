"""Accounts: a local user model (so single sign-on and staff links can grow
without a painful swap later). Roles are Django groups; see roles.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from simple_history.models import HistoricalRecords


class _UserHistory(HistoricalRecords):
    """simple-history's m2m tracking, made safe from the group's side.

    The library records a change for the signal's ``instance``, which for
    ``group.user_set.add(user)`` is the group (no history: AttributeError).
    From that side we record the change on each user affected instead.
    """

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action == "pre_clear":
            # After a clear the signal no longer says who was in the group.
            instance._qls_cleared_user_ids = list(instance.user_set.values_list("pk", flat=True))
            return None
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_qls_cleared_user_ids", [])
        elif action not in ("post_add", "post_remove"):
            return None
        for user in User.objects.filter(pk__in=pk_set or []):
            super().m2m_changed(user, action, attr, pk_set, False, **kwargs)
        return None


class User(AbstractUser):
    # Roles are group memberships, so the audit history must see the groups
    # too: m2m_fields keeps a snapshot of them with every historical row.
    history = _UserHistory(excluded_fields=["last_login", "password"], m2m_fields=["groups"])

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> list[str]:
        return sorted(group.name for group in self.groups.all())
