"""The trust Admin role cannot make itself a superuser through the Django admin.

An Admin with ``accounts.change_user`` could open their own account in the
Django admin, tick "superuser status" and pass every permission check from
then on. The user, group and permission forms are now for superusers only,
superuser status is read-only there, and every change to it is audited.
"""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from qls.accounts.models import User
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust_admin(personas):
    admin = personas["admin"]
    admin.is_staff = True  # as the demo gives the Admin role, to reach the Django admin
    admin.save()
    return admin


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2025-01-06",
        "date_joined_1": "09:00:00",
    }
    data.update(changes)
    return data


def test_trust_admin_cannot_tick_superuser_staff_roles_or_permissions_on_itself(
    client, trust_admin
):
    from django.contrib.auth.models import Group, Permission

    client.force_login(trust_admin)
    url = reverse("admin:accounts_user_change", args=[trust_admin.pk])
    page = client.get(url).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in page
    every = list(Permission.objects.values_list("pk", flat=True)[:5])
    groups = list(Group.objects.values_list("pk", flat=True))
    client.post(
        url,
        _user_form(trust_admin, is_superuser="on", user_permissions=every, groups=groups),
    )
    trust_admin.refresh_from_db()
    assert not trust_admin.is_superuser
    assert not trust_admin.user_permissions.exists()
    assert set(trust_admin.groups.values_list("name", flat=True)) == {"Staff", "Admin"}


def test_trust_admin_still_creates_accounts_and_resets_passwords(client, trust_admin):
    someone = UserFactory()
    client.force_login(trust_admin)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    url = reverse("admin:auth_user_password_change", args=[someone.pk])
    new = "a-brand-new-long-passphrase-7"
    response = client.post(url, {"password1": new, "password2": new})
    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.check_password(new)


def test_trust_admin_cannot_see_or_take_over_a_superuser_account(client, trust_admin):
    root = User.objects.create_superuser("root", "root@example.nhs.uk", "x-long-password-1")
    client.force_login(trust_admin)
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "root@example.nhs.uk" not in listing
    response = client.get(reverse("admin:accounts_user_change", args=[root.pk]))
    assert response.status_code in (302, 404)
    new = "a-brand-new-long-passphrase-7"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": new, "password2": new},
    )
    assert response.status_code == 404
    client.post(reverse("admin:accounts_user_delete", args=[root.pk]), {"post": "yes"})
    root.refresh_from_db()
    assert root.check_password("x-long-password-1")


@pytest.mark.parametrize("name", ["admin:auth_group_changelist", "admin:auth_group_add"])
def test_trust_admin_has_no_django_admin_over_roles(client, trust_admin, name):
    client.force_login(trust_admin)
    assert client.get(reverse(name)).status_code == 403
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_group_changelist") not in page


def test_even_a_superuser_cannot_make_another_superuser_in_the_admin(client, db):
    root = User.objects.create_superuser("root", "root@example.nhs.uk", "x-long-password-1")
    someone = UserFactory(is_staff=True)
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[someone.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    client.post(url, _user_form(someone, is_superuser="on"))
    someone.refresh_from_db()
    assert not someone.is_superuser


def test_createsuperuser_is_audited(db, monkeypatch, caplog):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "x-long-password-1")
    with caplog.at_level(logging.WARNING, logger="qls.security"):
        call_command(
            "createsuperuser",
            "--noinput",
            "--username=ops",
            "--email=ops@example.nhs.uk",
            verbosity=0,
        )
    ops = User.objects.get(username="ops")
    assert ops.is_superuser
    assert ops.history.earliest().history_change_reason == "Superuser status granted"
    assert "Superuser status granted" in caplog.text


def test_every_change_to_superuser_status_is_in_the_history(db):
    user = UserFactory()
    user.is_superuser = True
    user.save()
    user.is_superuser = False
    user.first_name = "Renamed"
    user.save()
    reasons = list(
        user.history.order_by("history_id").values_list("history_change_reason", "is_superuser")
    )
    assert reasons[-2:] == [("Superuser status granted", True), ("Superuser status removed", False)]


def test_saves_that_leave_superuser_status_alone_say_nothing_about_it(db):
    user = UserFactory()
    user.first_name = "Renamed"
    user.save()
    assert user.history.latest().history_change_reason is None
