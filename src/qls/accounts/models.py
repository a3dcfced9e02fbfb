"""Accounts: a local user model (so single sign-on and staff links can grow
without a painful swap later). Roles are Django groups; see roles.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    # Roles are group memberships, so the audit history must see the groups
    # too: m2m_fields keeps a snapshot of them with every historical row.
    history = HistoricalRecords(excluded_fields=["last_login", "password"], m2m_fields=["groups"])

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> list[str]:
        return sorted(group.name for group in self.groups.all())
