"""The OpenAPI schema: who may read it, and that it declares every answer an operation gives."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.measurement import tokens
from tests.measurement.api_data import bearer, build_metric

pytestmark = pytest.mark.django_db

ERROR_CODES = ("401", "403", "404", "422", "429")


def test_a_token_reads_the_schema_and_the_docs_page(client, personas):
    headers = bearer(personas["staff"])
    schema = client.get("/api/openapi.json", headers=headers)
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "QLS quality data API"
    docs = client.get(reverse("api:openapi-view"), headers=headers)
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_a_signed_in_person_reads_the_schema_and_the_docs_page(client, personas):
    client.force_login(personas["staff"])
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get(reverse("api:openapi-view")).status_code == 200


def test_the_schema_without_a_token_is_401_json_not_a_redirect(client, personas):
    for headers in ({}, {"Authorization": "Bearer qls_wrong"}, {"Authorization": "Basic eA=="}):
        response = client.get("/api/openapi.json", headers=headers)
        assert response.status_code == 401, headers
        assert response["Content-Type"] == "application/json"
        assert response["WWW-Authenticate"] == "Bearer"
        assert "Bearer" in response.json()["detail"]
    token, raw = tokens.create_token(user=personas["staff"], name="old")
    tokens.revoke_token(token)
    revoked = client.get("/api/openapi.json", headers={"Authorization": f"Bearer {raw}"})
    assert revoked.status_code == 401


def test_the_docs_page_sends_a_person_without_a_token_to_sign_in(client):
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_every_operation_declares_each_status_it_can_return(client, personas):
    schema = client.get("/api/openapi.json", headers=bearer(personas["staff"])).json()
    operations = [
        (path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()
    ]
    assert len(operations) >= 7
    for path, method, op in operations:
        declared = op["responses"]
        assert {"200", "201"} & set(declared), (path, method)
        for code in ERROR_CODES:
            content = declared.get(code, {}).get("content", {})
            assert "application/json" in content, (path, method, code)
            assert content["application/json"]["schema"]["$ref"].endswith(
                ("ErrorOut", "LimitedOut")
            )
    lists = ["/api/metrics", "/api/series", "/api/observations"]
    for path in lists:
        assert "text/csv" in schema["paths"][path]["get"]["responses"]["200"]["content"], path


def _matches(body: dict, component: dict, schema: dict) -> None:
    """``body`` has the declared properties and types (the parts ErrorOut uses)."""
    assert set(component["required"]) <= set(body)
    assert set(body) <= set(component["properties"])
    for name, spec in component["properties"].items():
        if name not in body:
            continue
        if spec.get("type") == "string":
            assert isinstance(body[name], str), name
        if spec.get("type") == "array":
            item = schema["components"]["schemas"][spec["items"]["$ref"].rsplit("/", 1)[1]]
            for entry in body[name]:
                _matches(entry, item, schema)


@pytest.mark.parametrize(
    "body", [b"", b"{}", b'{"observations": []}', b"not json", b'{"observations": 3}']
)
def test_a_bad_push_is_422_with_the_declared_error_body(client, personas, body):
    schema = client.get("/api/openapi.json", headers=bearer(personas["analyst"])).json()
    declared = schema["paths"]["/api/observations"]["post"]["responses"]["422"]
    ref = declared["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    response = client.post(
        "/api/observations",
        body,
        content_type="application/json",
        headers=bearer(personas["analyst"]),
    )
    assert response.status_code == 422, response.content
    error = response.json()
    _matches(error, schema["components"]["schemas"][ref], schema)
    assert error["errors"], error
    assert error["detail"]


def test_error_answers_match_the_declared_error_body(client, personas):
    build_metric(weeks=1)
    schema = client.get("/api/openapi.json", headers=bearer(personas["staff"])).json()
    component = schema["components"]["schemas"]["ErrorOut"]
    answers = {
        401: client.get("/api/metrics"),
        403: client.get("/api/metrics", headers=bearer(personas["norole"])),
        404: client.get("/api/metrics/nope", headers=bearer(personas["staff"])),
        422: client.get("/api/metrics?limit=0", headers=bearer(personas["staff"])),
    }
    for status, response in answers.items():
        assert response.status_code == status
        _matches(response.json(), component, schema)


def test_the_schema_has_no_duplicate_keys(client, personas):
    """A repeated key (an int 200 beside a string "200") breaks Swagger UI's parser."""
    import json

    def refuse_duplicates(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys: {keys}"
        return dict(pairs)

    schema = client.get("/api/openapi.json", headers=bearer(personas["staff"]))
    parsed = json.loads(schema.content, object_pairs_hook=refuse_duplicates)
    ok = parsed["paths"]["/api/metrics"]["get"]["responses"]["200"]["content"]
    assert set(ok) == {"application/json", "text/csv"}


def test_a_pushed_row_with_a_nul_is_rejected_not_a_server_error(client, personas):
    # PostgreSQL stores no NUL, even inside JSON: the rejected row's reason must not carry one.
    build_metric(weeks=1)
    row = {"metric": "falls\x00", "org_unit": "W\x00", "period": "2024-01-01", "value": 1}
    response = client.post(
        "/api/observations",
        {"observations": [row]},
        content_type="application/json",
        headers=bearer(personas["analyst"]),
    )
    assert response.status_code in (400, 422), response.content
    assert "\x00" not in response.content.decode()
