"""The community home page and its place in the header."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_header_leads_to_the_community_home(client, personas):
    client.force_login(personas["staff"])
    response = client.get(reverse("core:home"))
    assert f'href="{reverse("community:index")}"'.encode() in response.content
    page = client.get(reverse("community:index"))
    assert page.status_code == 200
    assert b"<h1>Community</h1>" in page.content
    current = f'href="{reverse("community:index")}" aria-current="page"'
    assert current.encode() in page.content


def test_someone_not_signed_in_is_sent_to_log_in(client):
    response = client.get(reverse("community:index"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
