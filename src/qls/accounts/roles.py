"""The roles people hold in QLS and what each may do.

A role is a Django group. Its permissions are declared here, in code, and
written to the database after every migrate, so the rules live in one place
that tests can read. Views check permissions (``user.has_perm``), never role
names, so a person may hold several roles.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices

from qls.core.permissions import REDACT_TEXT, VIEW_AUDIT, VIEW_BOARD_REPORTS


class Role(TextChoices):
    STAFF = "Staff"
    PROJECT_LEAD = "Project lead"
    QI_COACH = "QI coach"
    IMPROVEMENT_TEAM = "Improvement team"
    DATA_ANALYST = "Data analyst"
    EXECUTIVE = "Executive"
    ADMIN = "Admin"
    # People of the integrated care system's partners (qls.system).
    SYSTEM_QUALITY_LEAD = "System quality lead"
    PARTNER_QUALITY_LEAD = "Partner quality lead"
    PARTNER_ANALYST = "Partner analyst"


# Custom permissions that belong to no single model's add/change/delete.
# They are declared in the Meta of a model (core.AreaPermission for
# the cross-cutting ones, named in qls.core.permissions) so Django creates them.
VIEW_DIRECTORY = "organisation.view_staffmember"
IMPORT_STAFF = "organisation.import_staff"
MANAGE_AIMS = "organisation.change_strategicaim"
MANAGE_STRUCTURE = "organisation.change_ward"
SET_WARD_MANAGER = "organisation.set_ward_manager"
MANAGE_USERS = "accounts.change_user"

_EVERYONE = [
    "organisation.view_organisation",
    "organisation.view_site",
    "organisation.view_ward",
    "organisation.view_specialty",
    "organisation.view_strategicaim",
    "organisation.view_qualitydomain",
    VIEW_DIRECTORY,
]

_STRUCTURE = [
    f"organisation.{action}_{model}"
    for model in ("organisation", "site", "ward", "specialty", "qualitydomain")
    for action in ("add", "change")
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.STAFF: _EVERYONE,
    Role.PROJECT_LEAD: _EVERYONE,
    Role.QI_COACH: _EVERYONE,
    Role.IMPROVEMENT_TEAM: [
        *_EVERYONE,
        "organisation.add_strategicaim",
        MANAGE_AIMS,
        SET_WARD_MANAGER,
        VIEW_BOARD_REPORTS,
        REDACT_TEXT,
    ],
    Role.DATA_ANALYST: [*_EVERYONE, IMPORT_STAFF, "organisation.add_staffmember"],
    Role.EXECUTIVE: [*_EVERYONE, VIEW_BOARD_REPORTS],
    Role.ADMIN: [
        *_EVERYONE,
        *_STRUCTURE,
        SET_WARD_MANAGER,
        IMPORT_STAFF,
        "organisation.add_staffmember",
        "organisation.change_staffmember",
        "organisation.add_strategicaim",
        MANAGE_AIMS,
        VIEW_AUDIT,
        VIEW_BOARD_REPORTS,
        REDACT_TEXT,
        "accounts.view_user",
        "accounts.add_user",
        MANAGE_USERS,
        "auth.view_group",
    ],
    # What these may do in the system oversight area is granted by qls.system.
    Role.SYSTEM_QUALITY_LEAD: _EVERYONE,
    Role.PARTNER_QUALITY_LEAD: _EVERYONE,
    Role.PARTNER_ANALYST: _EVERYONE,
}


def register_permissions(grants: dict[str, list[str]]) -> None:
    """Add an app's permissions to roles; call it from the app's ``AppConfig.ready()``.

    Each domain app declares what its roles may do in its own
    ``permissions.py`` (keeping the rule beside the views that check it), and
    registers it here so ``sync_roles`` and the tests see one table.
    """
    for role, perms in grants.items():
        if role not in ROLE_PERMISSIONS:
            raise ValueError(f"unknown role {role!r}")
        current = ROLE_PERMISSIONS[role]
        # A new list each time: several roles start from the same _EVERYONE list.
        ROLE_PERMISSIONS[role] = [*current, *(p for p in perms if p not in current)]


def sync_roles() -> None:
    """Create each role's group and set its permissions to exactly the list above."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def sync_roles_after_migrate(**kwargs: Any) -> None:
    # Permissions are created by the auth app's own post_migrate handler;
    # make sure they exist before we look them up.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    sync_roles()
