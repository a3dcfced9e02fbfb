"""Single sign-on: the identity provider is mocked at its boundary, that is,
the backend is handed the claims the provider would have sent."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from qls.accounts.oidc import AuthenticateView, CallbackView, QLSOIDCBackend
from qls.accounts.roles import Role
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "src/qls/settings.py"
ENTRA = {
    "OIDC_RP_CLIENT_ID": "qls-client",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example/keys",
}


@pytest.fixture
def backend(settings, personas):
    for name, value in ENTRA.items():
        setattr(settings, name, value)
    return QLSOIDCBackend()


def _staff_member(email: str, **extra):
    from qls.organisation.models import Organisation, StaffMember

    trust, _ = Organisation.objects.get_or_create(
        code="RTEST", defaults={"name": "Test Trust", "kind": Organisation.Kind.TRUST}
    )
    return StaffMember.objects.create(
        staff_number=extra.pop("staff_number", "10000001"),
        first_name="Priya",
        last_name="Patel",
        email=email,
        organisation=trust,
        staff_group="Nursing and Midwifery Registered",
        job_role="Staff nurse",
        band="Band 5",
        **extra,
    )


def test_existing_user_is_found_by_email_whatever_its_case(backend):
    person = UserFactory(email="Priya.Patel@nhs.net")
    assert list(backend.filter_users_by_claims({"email": "priya.patel@NHS.NET"})) == [person]


def test_user_is_found_by_preferred_username_when_there_is_no_email_claim(backend):
    person = UserFactory(email="priya.patel@nhs.net")
    claims = {"preferred_username": "Priya.Patel@nhs.net"}
    assert list(backend.filter_users_by_claims(claims)) == [person]


def test_local_account_named_by_sign_in_name_is_found(backend):
    person = UserFactory(username="priya.patel@nhs.net", email="")
    assert list(backend.filter_users_by_claims({"preferred_username": "priya.patel@nhs.net"})) == [
        person
    ]


def test_claims_without_any_email_are_refused(backend):
    assert not backend.verify_claims({"sub": "abc"})
    assert list(backend.filter_users_by_claims({"sub": "abc"})) == []


def test_new_user_gets_the_staff_role_names_and_no_password(backend):
    user = backend.create_user(
        {"email": "Sam.Jones@nhs.net", "given_name": "Sam", "family_name": "Jones"}
    )
    assert user.username == "sam.jones@nhs.net"
    assert user.email == "sam.jones@nhs.net"
    assert (user.first_name, user.last_name) == ("Sam", "Jones")
    assert user.role_names == [Role.STAFF]
    assert not user.has_usable_password()


def test_new_user_is_linked_to_their_staff_record(backend):
    staff = _staff_member("priya.patel@nhs.net")
    user = backend.create_user({"preferred_username": "PRIYA.PATEL@nhs.net"})
    staff.refresh_from_db()
    assert staff.user == user


def test_staff_record_shared_by_two_entries_is_not_guessed(backend):
    _staff_member("shared@nhs.net", staff_number="1")
    _staff_member("shared@nhs.net", staff_number="2")
    user = backend.create_user({"email": "shared@nhs.net"})
    assert not hasattr(user, "staff_member")


def test_user_name_clash_gets_a_suffix(backend):
    UserFactory(username="sam.jones@nhs.net", email="someone.else@nhs.net")
    user = backend.create_user({"email": "sam.jones@nhs.net"})
    assert user.username == "sam.jones@nhs.net-2"


def test_update_refreshes_names_and_links_a_staff_record_added_later(backend):
    user = backend.create_user({"email": "priya.patel@nhs.net", "given_name": "P"})
    staff = _staff_member("priya.patel@nhs.net")
    backend.update_user(user, {"email": "priya.patel@nhs.net", "given_name": "Priya"})
    user.refresh_from_db()
    staff.refresh_from_db()
    assert user.first_name == "Priya"
    assert staff.user == user


def test_sign_in_views_are_reachable_before_logging_in():
    for view in (AuthenticateView, CallbackView):
        assert view.as_view().login_required is False


def _settings_with(monkeypatch, env: dict[str, str]) -> dict:
    for name in [*ENTRA, "DEBUG"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # Run the settings file afresh (not Django's configured copy) to see what
    # it builds from this environment.
    return runpy.run_path(str(SETTINGS_FILE))


def test_single_sign_on_is_off_by_default(monkeypatch):
    built = _settings_with(monkeypatch, {})
    assert built["OIDC_ENABLED"] is False
    assert "mozilla_django_oidc" not in built["INSTALLED_APPS"]
    assert "qls.accounts.oidc.QLSOIDCBackend" not in built["AUTHENTICATION_BACKENDS"]


def test_client_id_switches_single_sign_on_on_with_our_backend_and_views(monkeypatch):
    built = _settings_with(monkeypatch, ENTRA)
    assert built["OIDC_ENABLED"] is True
    assert "mozilla_django_oidc" in built["INSTALLED_APPS"]
    # Axes still comes first, so a locked account stays locked.
    assert built["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert built["AUTHENTICATION_BACKENDS"][-1] == "qls.accounts.oidc.QLSOIDCBackend"
    assert built["OIDC_AUTHENTICATE_CLASS"] == "qls.accounts.oidc.AuthenticateView"
    assert built["OIDC_CALLBACK_CLASS"] == "qls.accounts.oidc.CallbackView"


def test_missing_endpoint_is_named(monkeypatch):
    env = {k: v for k, v in ENTRA.items() if k != "OIDC_OP_JWKS_ENDPOINT"}
    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_JWKS_ENDPOINT"):
        _settings_with(monkeypatch, env)
