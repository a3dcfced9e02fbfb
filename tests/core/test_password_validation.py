"""Passwords that contain the person's own username, name or email are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from qls.core.password_validation import ContainsUserAttributeValidator
from qls.demo.organisation.logins import DEMO_PASSWORD, DEMO_USERS, EMAIL_DOMAIN
from tests.conftest import PASSWORD
from tests.factories.accounts import PERSONAS

User = get_user_model()


def _person(**fields):
    return User(**fields)


@pytest.mark.parametrize("password", ["coachcoach12", "COACHcoach-2024", "my-Coach-pass-99"])
def test_password_holding_the_username_is_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, _person(username="coach"))
    assert "password_contains_user_attribute" in [e.code for e in refused.value.error_list]
    assert "username" in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("fields", "password"),
    [
        ({"first_name": "Priya"}, "priya-likes-tea-7"),
        ({"last_name": "Okafor-Smith"}, "zebra-okafor-lamp"),
        ({"email": "priya.sharma@example.nhs.uk"}, "blue-SHARMA-river-4"),
    ],
)
def test_password_holding_a_name_or_email_is_refused(fields, password):
    with pytest.raises(ValidationError):
        validate_password(password, _person(username="p123", **fields))


def test_short_names_are_not_searched_for_but_short_usernames_are():
    validator = ContainsUserAttributeValidator()
    validator.validate("tomato-soup-bowl", _person(username="tfletcher", first_name="Tom"))
    validator.validate("a-new-long-passphrase", _person(username="p123", last_name="Long"))
    with pytest.raises(ValidationError):
        validator.validate("tomato-soup-bowl", _person(username="tom"))


def test_without_a_user_nothing_is_compared():
    ContainsUserAttributeValidator().validate("coachcoach12", None)


def test_django_similarity_and_common_password_checks_still_run():
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234", _person(username="p123"))
    with pytest.raises(ValidationError, match="too similar"):
        validate_password(
            "mei.chen.analyst", _person(username="mchen", email="mei.chen.analyst@x.uk")
        )


@pytest.mark.parametrize(("username", "first", "last"), [(u[0], u[2], u[3]) for u in DEMO_USERS])
def test_demo_password_passes_for_every_demo_log_in(username, first, last):
    email = f"{first}.{last}@{EMAIL_DOMAIN}".lower()
    person = _person(username=username, first_name=first, last_name=last, email=email)
    validate_password(DEMO_PASSWORD, person)


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_test_password_passes_for_every_persona(username):
    validate_password(PASSWORD, _person(username=username, email=f"{username}@example.nhs.uk"))
