"""Every dashboard and inequality page, for every persona: all roles read, no role is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.accounts import PERSONAS
from tests.measurement.dashboard_data import build

pytestmark = pytest.mark.django_db

READERS = set(PERSONAS) - {"norole"}


def _urls(made) -> list[str]:
    falls = made["series"]["falls-BAS-W01"].pk
    return [
        reverse("measurement:index"),
        reverse("measurement:site_dashboard", args=["BAS"]),
        reverse("measurement:ward_dashboard", args=["BAS-W01"]),
        reverse("measurement:early_warnings") + "?level=site&unit=BAS",
        reverse("measurement:series_list") + "?level=trust&variation=common",
        reverse("measurement:series_trust", args=["falls"]),
        reverse("measurement:series_site", args=["falls", "BAS"]),
        reverse("measurement:series_ward", args=["falls", "BAS-W01"]),
        reverse("measurement:compare_wards", args=["falls", "BAS"]),
        reverse("measurement:series_download", args=[falls, "csv"]),
        reverse("measurement:series_download", args=[falls, "xlsx"]),
        reverse("measurement:inequalities", args=["sepsis-screening"]),
        reverse("measurement:inequalities", args=["sepsis-screening"])
        + "?unit=BAS&split=ethnic_group&ref=White&group=Not+stated",
        reverse("measurement:inequality_index"),
        reverse("measurement:early_warnings") + "?unit=BAS&rule=rule_shift&since=2024-01-01",
        reverse("measurement:inequality_download", args=["sepsis-screening", "gap", "csv"]),
    ]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_reads_dashboards_and_no_role_is_refused(
    client, personas, reference_data, persona
):
    made = build()
    client.force_login(personas[persona])
    expected = 200 if persona in READERS else 403
    wrong = [
        (url, status) for url in _urls(made) if (status := client.get(url).status_code) != expected
    ]
    assert not wrong, f"{persona} expected {expected}: {wrong}"


def test_signed_out_people_are_sent_to_log_in(client, reference_data):
    made = build()
    for url in _urls(made):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]
