"""Who may reach each catalogue, metric, import and API-token page.

Every signed-in role reads the catalogue and metrics and may hold API
tokens; data analysts and admins manage data sets and metrics and run
imports; a partner's analyst runs imports too (of its own organisation's
units). The person with no role is refused everything.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.measurement.models import ApiToken, Import, ImportKind, MetricTrajectory, RebasePoint
from tests.factories.accounts import PERSONAS
from tests.factories.measurement import DatasetFactory, MetricFactory

pytestmark = pytest.mark.django_db

EVERYONE = set(PERSONAS)
READERS = EVERYONE - {"norole"}
MANAGERS = {"analyst", "admin"}
IMPORTERS = MANAGERS | {"partneranalyst"}


@pytest.fixture
def objects(personas):
    dataset = DatasetFactory(slug="falls-data", name="Falls data")
    metric = MetricFactory(code="falls", dataset=dataset)
    imp = Import.objects.create(kind=ImportKind.AGGREGATED, file_name="f.csv")
    return {"dataset": dataset, "metric": metric, "import": imp}


def pages(objects):
    return {
        reverse("measurement:datasets"): READERS,
        reverse("measurement:datasets") + "?q=falls": READERS,
        reverse("measurement:dataset", args=["falls-data"]): READERS,
        reverse("measurement:dataset_create"): MANAGERS,
        reverse("measurement:dataset_edit", args=["falls-data"]): MANAGERS,
        reverse("measurement:metrics"): READERS,
        reverse("measurement:metric", args=["falls"]): READERS,
        reverse("measurement:metric_create"): MANAGERS,
        reverse("measurement:metric_edit", args=["falls"]): MANAGERS,
        reverse("measurement:imports"): IMPORTERS,
        reverse("measurement:import_new"): IMPORTERS,
        reverse("measurement:import", args=[objects["import"].pk]): IMPORTERS,
        reverse("measurement:api_tokens"): READERS,
    }


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_reaches_only_its_data_pages(client, personas, objects, persona):
    client.force_login(personas[persona])
    wrong = []
    for url, allowed in pages(objects).items():
        expected = 200 if persona in allowed else 403
        status = client.get(url).status_code
        if status != expected:
            wrong.append(f"{url}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_managers_change_the_trajectory(client, personas, objects, persona):
    client.force_login(personas[persona])
    existing = MetricTrajectory.objects.create(
        metric=objects["metric"], period=dt.date(2024, 1, 1), target=5.0
    )
    added = client.post(
        reverse("measurement:trajectory_add", args=["falls"]),
        {"period": "2024-06-03", "target": "4.5"},
    )
    removed = client.post(reverse("measurement:trajectory_delete", args=["falls", existing.pk]))
    steps = list(MetricTrajectory.objects.values_list("period", "target"))
    if persona in MANAGERS:
        assert (added.status_code, removed.status_code) == (302, 302)
        assert steps == [(dt.date(2024, 6, 3), 4.5)]
    else:
        assert (added.status_code, removed.status_code) == (403, 403)
        assert steps == [(dt.date(2024, 1, 1), 5.0)]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_managers_propose_and_remove_rebase_points(client, personas, objects, persona):
    from qls.measurement.models import Observation, Series

    series = Series.objects.create(metric=objects["metric"], level="trust")
    Observation.objects.bulk_create(
        Observation(series=series, period=dt.date(2024, 5, 6) + dt.timedelta(weeks=i), value=1)
        for i in range(8)
    )
    client.force_login(personas[persona])
    response = client.post(
        reverse("measurement:rebase_add", args=["falls"]),
        {"period": "2024-06-03", "reason": "New bundle"},
    )
    if persona in MANAGERS:
        assert response.status_code == 302
        point = RebasePoint.objects.get()
        assert (point.period, point.status) == (dt.date(2024, 6, 3), "proposed")
        removed = client.post(
            reverse("measurement:rebase_delete", args=["falls", point.pk]),
            {"reason": "Proposed by mistake"},
        )
        assert removed.status_code == 302
        assert not RebasePoint.objects.exists()
    else:
        assert response.status_code == 403
        assert not RebasePoint.objects.exists()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_tokens_are_for_signed_in_roles_and_only_their_own(client, personas, objects, persona):
    other = ApiToken.objects.create(
        user=personas["admin" if persona != "admin" else "staff"],
        name="theirs",
        prefix="qls_x",
        token_hash="x" * 64,
    )
    client.force_login(personas[persona])
    response = client.post(reverse("measurement:api_tokens"), {"name": "Power BI"})
    assert response.status_code == (302 if persona in READERS else 403)
    revoke = client.post(reverse("measurement:api_token_revoke", args=[other.pk]))
    assert revoke.status_code == (404 if persona in READERS else 403)
    other.refresh_from_db()
    assert other.revoked_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client, objects):
    for url in pages(objects):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
