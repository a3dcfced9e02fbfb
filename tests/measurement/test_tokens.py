"""The API tokens page: a token is shown once, listed by prefix, revocable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.measurement import tokens
from qls.measurement.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_works(client, personas):
    client.force_login(personas["coach"])
    response = client.post(reverse("measurement:api_tokens"), {"name": "Power BI"}, follow=True)
    raw = response.context["new_token"]["raw"]
    assert raw in response.content.decode()
    assert tokens.authenticate(raw) == personas["coach"]
    again = client.get(reverse("measurement:api_tokens"))
    assert raw not in again.content.decode()
    assert ApiToken.objects.get().prefix in again.content.decode()


def test_revoking_stops_the_token(client, personas):
    client.force_login(personas["coach"])
    token, raw = tokens.create_token(user=personas["coach"], name="warehouse")
    client.post(reverse("measurement:api_token_revoke", args=[token.pk]))
    assert tokens.authenticate(raw) is None
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.count() == 2


def test_a_name_is_required_and_screened(client, personas):
    client.force_login(personas["coach"])
    response = client.post(reverse("measurement:api_tokens"), {"name": ""})
    assert "Enter what the token is for" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_tokens_of_deactivated_people_stop_working(personas):
    _token, raw = tokens.create_token(user=personas["staff"], name="x")
    personas["staff"].is_active = False
    personas["staff"].save()
    assert tokens.authenticate(raw) is None
