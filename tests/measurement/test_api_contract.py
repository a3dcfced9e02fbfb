"""The API keeps its own contract: schemathesis generates requests from the
OpenAPI schema, valid and invalid, for every operation, and every answer
must match what the schema declares (status, headers, body), with every
check schemathesis has. Derandomised, so a run is the same every time.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories.measurement import MetricFactory
from tests.measurement.api_data import bearer, build_metric

pytestmark = pytest.mark.django_db

# Per operation and generation mode; 7 operations x 2 modes stay well under two minutes.
EXAMPLES = 25


@pytest.fixture
def contract(client, personas, settings):
    """The schema as the API serves it to an analyst, wired to the app in-process."""
    settings.QLS_API_RATE_LIMIT = "100000/minute"
    world = build_metric(weeks=3)
    MetricFactory(code="zz-second")
    # Identity: the in-process client does not undo the site's gzip.
    headers = {**bearer(personas["analyst"]), "Accept-Encoding": "identity"}
    raw = client.get("/api/openapi.json", headers=headers).json()
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    schema.config.checks.update(included_check_names=["all"])
    cursors = _cursors(client, headers, world["series"][0].pk)
    # As Django's test client does: the app must not close the test's
    # connection (and its transaction) at the end of each request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schema, headers, cursors
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _cursors(client, headers, series_id: int) -> dict[str, str]:
    """A cursor the API made, per list operation.

    A cursor is opaque: only one from a ``next`` link is valid data, so the
    valid requests carry one of those and the invalid ones get any string.
    """
    found = {}
    for path in ("/api/metrics", "/api/series", "/api/observations"):
        found[path] = path
    found["/api/series/{series_id}/observations"] = f"/api/series/{series_id}/observations"
    cursors = {}
    for template, url in found.items():
        link = client.get(url, {"limit": 1}, headers=headers).json()["next"]
        cursors[template] = parse_qs(urlsplit(link).query)["cursor"][0]
    return cursors


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


CONTRACT = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _contract_test(strategy, *, pushes: bool, positive: bool):
    @CONTRACT
    @given(case=strategy)
    def answers_to_contract(case):
        if not pushes:
            case.call_and_validate()
            return
        # Rows can be well formed and still refused (an unknown metric or
        # ward): that is the declared 400 with each row's line and reason, so
        # acceptance is checked here; every other check still runs.
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        if positive and response.status_code == 400:
            body = response.json()
            assert body["status"] == "failed"
            assert body["error"] or body["rejected_rows"]

    return answers_to_contract


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_schema_declares(contract, mode):
    schema, headers, cursors = contract
    operations = _operations(schema)
    assert len(operations) >= 7
    positive = mode == GenerationMode.POSITIVE
    nothing_to_break = []
    for operation in operations:
        method = operation.method.upper()
        fixed = {}
        if positive and method == "GET" and operation.path in cursors:
            fixed["query"] = {"cursor": cursors[operation.path]}
        strategy = operation.as_strategy(generation_mode=mode, headers=headers, **fixed)
        try:
            _contract_test(strategy, pushes=method == "POST", positive=positive)()
        except Unsatisfiable:
            # No parameter of this operation can be made invalid (a free-text
            # path segment): schemathesis' own runner skips it the same way.
            assert not positive, operation.label
            nothing_to_break.append(operation.label)
    assert len(nothing_to_break) <= 1, nothing_to_break


@pytest.mark.parametrize("value", ["0", "1700000000", "2024-1-1", "31/01/2024"])
def test_a_period_bound_that_is_not_an_iso_date_is_refused(client, personas, value):
    response = client.get(f"/api/observations?to={value}", headers=bearer(personas["analyst"]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "to"
    assert "YYYY-MM-DD" in response.json()["detail"]
