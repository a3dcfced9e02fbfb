import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_health_answers_without_login(client):
    response = client.get(reverse("core:health"))
    assert response.json() == {"status": "ok"}


def test_the_trust_overview_shows_the_strategic_aims(client, personas, reference_data):
    client.force_login(personas["staff"])
    response = client.get(reverse("organisation:overview"))
    assert response.status_code == 200
    assert b"Enough of the right capacity" in response.content


def test_unknown_area_is_not_found(client, personas):
    client.force_login(personas["staff"])
    assert client.get("/no-such-area/").status_code == 404
