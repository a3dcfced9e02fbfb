"""Permissions come from a person's roles and direct grants, read in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from qls.accounts.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_role_and_direct_permissions_in_one_query(personas, django_assert_num_queries):
    user = personas["analyst"]
    user.user_permissions.add(Permission.objects.get(codename="view_audit_history"))
    user = type(user).objects.get(pk=user.pk)  # no cached permissions
    with django_assert_num_queries(1):
        perms = user.get_all_permissions()
        assert user.has_perm("core.view_audit_history")
        assert user.has_perm("organisation.import_staff")
    assert perms == {*ROLE_PERMISSIONS[Role.DATA_ANALYST], "core.view_audit_history"}


def test_a_person_without_roles_or_grants_holds_nothing(personas):
    assert personas["norole"].get_all_permissions() == set()
    assert not personas["norole"].has_perm("organisation.view_ward")


def test_an_inactive_person_holds_nothing(personas):
    user = personas["admin"]
    user.is_active = False
    assert user.get_all_permissions() == set()
    assert not user.has_perm("accounts.change_user")
