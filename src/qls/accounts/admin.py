"""Django admin for accounts.

Admins (the trust's Admin role, with ``accounts.change_user``) create
accounts and reset passwords here; roles are given in the Administration
area, which keeps its rules (an admin cannot remove their own Admin role).
So that the role cannot climb above itself, for anyone who is not a superuser:

* superuser status, staff status, groups and direct permissions are not on
  the form (a POST that sets them is ignored);
* superuser accounts are not listed and cannot be opened, changed, deleted or
  have their password reset;
* groups (roles) are not in the admin at all.

Superuser status is read-only even for superusers: it is given only from the
command line (``manage.py createsuperuser``), and every change to it is in
the audit history (see ``superuser_audit``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from qls.accounts.models import User


def _is_superuser(request: Any) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class SuperusersOnly:
    """A ModelAdmin mixin: invisible and refused for anyone but a superuser."""

    def has_module_permission(self, request: Any) -> bool:
        return _is_superuser(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_add_permission(self, request: Any, *args: Any) -> bool:
        return _is_superuser(request)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_superuser(request)


# Fields only a superuser sees on a user's form: each would let an Admin give
# themselves (or a friend) more than the Admin role.
_SUPERUSER_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class QLSUserAdmin(SimpleHistoryAdmin, UserAdmin):
    """For accounts and passwords; day-to-day role changes go through the
    Administration area, which keeps the admin-can't-demote-themselves rule."""

    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups")

    def get_queryset(self, request: Any) -> Any:
        queryset = super().get_queryset(request)
        return queryset if _is_superuser(request) else queryset.filter(is_superuser=False)

    def get_list_filter(self, request: Any) -> Any:
        return self.list_filter if _is_superuser(request) else ("is_active",)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return ("is_superuser", "last_login", "date_joined")

    def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if _is_superuser(request):
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in _SUPERUSER_FIELDS]},
            )
            for name, options in fieldsets
        ]

    def _touches_superuser(self, request: Any, obj: Any) -> bool:
        return obj is not None and obj.is_superuser and not _is_superuser(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return not self._touches_superuser(request, obj) and super().has_view_permission(
            request, obj
        )

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return not self._touches_superuser(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return not self._touches_superuser(request, obj) and super().has_delete_permission(
            request, obj
        )


admin.site.unregister(Group)


@admin.register(Group)
class QLSGroupAdmin(SuperusersOnly, GroupAdmin):
    """Roles' permissions come from code (``roles.py``) and are reset on every migrate."""
