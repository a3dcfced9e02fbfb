"""Django admin for accounts: superusers only.

The trust's Admin role manages people and roles in the Administration area,
which keeps its rules (an admin cannot remove their own Admin role). The
Django admin's user, group and permission forms would let that role tick
``is_superuser`` on itself, or grant itself any permission, so they are
closed to everyone who is not already a superuser. Superuser status itself
is read-only here too: it is given only from the command line
(``manage.py createsuperuser``), and every change to it is in the audit
history (see ``superuser_audit``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from qls.accounts.models import User


class SuperusersOnly:
    """A ModelAdmin mixin: invisible and refused for anyone but a superuser."""

    def has_module_permission(self, request: Any) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: Any, *args: Any) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(User)
class QLSUserAdmin(SuperusersOnly, SimpleHistoryAdmin, UserAdmin):
    """For technical support; day-to-day role changes go through the
    Administration area, which keeps the admin-can't-demote-themselves rule."""

    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups")
    readonly_fields = ("is_superuser", "last_login", "date_joined")


admin.site.unregister(Group)


@admin.register(Group)
class QLSGroupAdmin(SuperusersOnly, GroupAdmin):
    """Roles' permissions come from code (``roles.py``) and are reset on every migrate."""
