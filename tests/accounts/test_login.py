from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _try(client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_right_password_logs_in(client, personas):
    response = _try(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_wrong_password_shows_the_error_summary(client, personas):
    response = _try(client, "staff", "wrong")
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Enter a correct user name and password" in html


def test_five_wrong_passwords_lock_the_account_for_half_an_hour(client, personas):
    for _ in range(4):
        assert _try(client, "staff", "wrong").status_code == 200
    locked = _try(client, "staff", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Your account is locked" in html
    assert "5 wrong passwords" in html
    assert "30 minutes" in html
    # Even the right password is refused while the lock lasts.
    assert _try(client, "staff", PASSWORD).status_code == 429


def test_lockout_is_by_user_name_so_colleagues_on_the_same_network_can_log_in(client, personas):
    for _ in range(5):
        _try(client, "staff", "wrong")
    assert _try(client, "lead", PASSWORD).status_code == 302


def test_single_sign_on_link_is_hidden_by_default(client):
    assert (
        "Log in with your NHS account" not in client.get(reverse("accounts:login")).content.decode()
    )


def test_single_sign_on_link_shows_when_it_is_set_up(client, settings):
    settings.OIDC_ENABLED = True
    settings.ROOT_URLCONF = "tests.accounts.oidc_urls"
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("oidc_authentication_init")}">Log in with your NHS account' in html


def test_password_change_needs_the_current_password(client, personas):
    client.force_login(personas["staff"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 200
    assert "Your current password is not right" in response.content.decode()


def test_password_change_refuses_a_short_password(client, personas):
    client.force_login(personas["staff"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert "at least 12 characters" in response.content.decode()


def test_password_change_works_and_keeps_the_person_logged_in(client, personas):
    client.force_login(personas["staff"])
    new = "a-new-long-passphrase"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("accounts:profile")
    personas["staff"].refresh_from_db()
    assert personas["staff"].check_password(new)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_profile_links_to_password_change_for_local_accounts(client, personas):
    client.force_login(personas["staff"])
    assert (
        reverse("accounts:password_change")
        in client.get(reverse("accounts:profile")).content.decode()
    )


def test_single_sign_on_accounts_have_no_password_to_change(client, personas):
    person = personas["staff"]
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    assert client.get(reverse("accounts:password_change")).status_code == 404
    assert "managed by your trust" in client.get(reverse("accounts:profile")).content.decode()
