"""The model backend, reading a person's permissions in one query.

Django's ``ModelBackend`` loads the permissions held directly and those
held through groups (QLS roles) in two queries, on every request that
checks one. Here one ``UNION`` query gives both; everything else (password
log-in, active flag, superusers, the per-request cache on the user object)
is Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

FIELDS = ("content_type__app_label", "codename")


class RoleModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            # order_by(): a UNION may not order its parts (Permission has an ordering).
            perms = Permission.objects.order_by()
            direct = perms.filter(user=user_obj).values_list(*FIELDS)
            via_roles = perms.filter(group__user=user_obj).values_list(*FIELDS)
            user_obj._perm_cache = {f"{app}.{code}" for app, code in direct.union(via_roles)}
        return user_obj._perm_cache
