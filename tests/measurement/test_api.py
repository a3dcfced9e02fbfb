"""The quality data API: token authentication, reads, and pushed observations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.measurement import tokens
from qls.measurement.models import ApiToken, Import, Level, Observation, Series
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas):
    _trust, _sites, wards = trust_structure()
    metric = MetricFactory(code="falls", name="Falls")
    series = Series.objects.create(
        metric=metric,
        level=Level.WARD,
        site=wards[0].site,
        ward=wards[0],
        variation_icon="common_cause",
        spc_summary={"mean": 2.0},
        spc_points=[{"x": "2024-01-01", "y": 3}],
        is_stale=False,
    )
    Observation.objects.create(series=series, period=dt.date(2024, 1, 1), value=3)
    Observation.objects.create(series=series, period=dt.date(2024, 1, 8), value=1)
    return {"metric": metric, "series": series}


def bearer(user) -> dict:
    _token, raw = tokens.create_token(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def test_requests_without_a_token_are_refused(client, data):
    for url in ("/api/metrics", "/api/series", f"/api/series/{data['series'].pk}/spc"):
        response = client.get(url)
        assert response.status_code == 401, url


def test_a_token_reads_metrics_series_observations_and_spc(client, data, personas):
    headers = bearer(personas["staff"])
    metrics = client.get("/api/metrics", headers=headers).json()
    assert [m["code"] for m in metrics["items"]] == ["falls"]
    assert metrics["items"][0]["chart_type"] == "c"
    assert metrics["next"] is None
    series = client.get("/api/series?metric=falls&level=ward", headers=headers).json()
    assert len(series["items"]) == 1
    assert series["items"][0]["ward"] == "W1"
    sid = data["series"].pk
    observations = client.get(f"/api/series/{sid}/observations", headers=headers).json()
    assert [o["value"] for o in observations["items"]] == [3.0, 1.0]
    spc = client.get(f"/api/series/{sid}/spc", headers=headers).json()
    assert spc["variation_icon"] == "common_cause"
    assert spc["summary"] == {"mean": 2.0}
    flat = client.get("/api/observations?metric=falls&from=2024-01-05", headers=headers).json()
    assert len(flat["items"]) == 1
    assert flat["items"][0]["ward"] == "W1"
    assert ApiToken.objects.get().last_used is not None


def test_a_revoked_token_fails(client, data, personas):
    token, raw = tokens.create_token(user=personas["staff"], name="old")
    tokens.revoke_token(token)
    response = client.get("/api/metrics", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_wrong_token_fails(client, data):
    response = client.get("/api/metrics", headers={"Authorization": "Bearer qls_nonsense"})
    assert response.status_code == 401


def test_a_person_without_a_role_cannot_read(client, data, personas):
    response = client.get("/api/metrics", headers=bearer(personas["norole"]))
    assert response.status_code == 403


def test_tokens_are_stored_hashed(personas):
    token, raw = tokens.create_token(user=personas["staff"], name="x")
    assert raw not in (token.token_hash, token.prefix)
    assert token.token_hash == tokens.hash_token(raw)


def test_push_needs_the_import_permission(client, data, personas):
    body = {
        "observations": [{"metric": "falls", "org_unit": "W1", "period": "2024-01-15", "value": 2}]
    }
    refused = client.post(
        "/api/observations",
        body,
        content_type="application/json",
        headers=bearer(personas["staff"]),
    )
    assert refused.status_code == 403
    accepted = client.post(
        "/api/observations",
        body,
        content_type="application/json",
        headers=bearer(personas["analyst"]),
    )
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["rows_out"] == 1
    imp = Import.objects.get(pk=accepted.json()["import_id"])
    assert imp.source == "api"
    assert imp.created_by == personas["analyst"]
    assert Observation.objects.filter(period=dt.date(2024, 1, 15)).get().value == 2


def test_push_validates_like_a_file_and_writes_nothing(client, data, personas):
    body = {
        "observations": [
            {"metric": "falls", "org_unit": "W1", "period": "2024-01-15", "value": 2},
            {"metric": "falls", "org_unit": "W1", "period": "2024-01-17", "value": 2},
            {"metric": "nope", "org_unit": "W1", "period": "2024-01-15", "value": 2},
        ]
    }
    response = client.post(
        "/api/observations",
        body,
        content_type="application/json",
        headers=bearer(personas["analyst"]),
    )
    assert response.status_code == 400
    rejected = response.json()["rejected_rows"]
    assert rejected[0]["line"] == 2
    assert "Wednesday" in rejected[0]["reason"]
    assert rejected[1] == {"line": 3, "reason": "unknown metric code 'nope'"}
    assert Observation.objects.count() == 2


def test_openapi_document_is_served(client, data, personas):
    client.force_login(personas["staff"])
    assert client.get("/api/openapi.json").json()["info"]["title"] == "QLS quality data API"
    docs = client.get(reverse("api:openapi-view"))
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
