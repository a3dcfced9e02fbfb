from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from qls.accounts.models import User


@admin.register(User)
class QLSUserAdmin(SimpleHistoryAdmin, UserAdmin):
    """For technical support; day-to-day role changes go through the
    Administration area, which keeps the admin-can't-demote-themselves rule."""

    list_display = ("username", "email", "first_name", "last_name", "is_active")
    list_filter = ("is_active", "groups")
