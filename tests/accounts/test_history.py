from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from qls.accounts.roles import Role
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _groups_in_latest_row(user) -> set[str]:
    row = user.history.first()
    return {g.name for g in Group.objects.filter(pk__in=row.groups.values("group"))}


def test_adding_a_user_from_the_groups_side_is_recorded_on_the_user(personas):
    person = UserFactory()
    Group.objects.get(name=Role.QI_COACH).user_set.add(person)
    assert _groups_in_latest_row(person) == {Role.QI_COACH}


def test_clearing_a_group_is_recorded_on_each_member(personas):
    coach = personas["coach"]
    Group.objects.get(name=Role.QI_COACH).user_set.clear()
    assert _groups_in_latest_row(coach) == {Role.STAFF}


def test_password_and_last_login_are_not_kept_in_history(personas):
    fields = {f.name for f in personas["staff"].history.model._meta.fields}
    assert "password" not in fields
    assert "last_login" not in fields
