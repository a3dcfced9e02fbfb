"""The project list page (search, filters, snippets, downloads) and "what worked elsewhere"."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.projects.discovery_helpers import add_change, add_evidence, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(reference_data):
    falls = make_project("Reducing falls on Heron Ward", site="BAS", tags=("falls",))
    node, cycle = add_change(falls, "Bay nursing", adopted=dt.date(2025, 4, 7))
    add_evidence(falls, node, cycle)
    make_project("Falls in the community", site="BRO", stage="idea")
    for n in range(25):
        make_project(f"Medicines reconciliation {n}", site="SOU", problem="Missed doses")
    return falls


def test_list_shows_matches_with_highlighted_snippet(client, personas, registry):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:index"), {"q": "bay nursing"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 project matching" in body
    assert "<mark>Bay</mark> <mark>nursing</mark>" in body
    assert "Evidence of improvement" in body


def test_filters_and_evidence_checkbox(client, personas, registry):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:index"), {"q": "falls", "site": "BRO"})
    assert response.context["page"].paginator.count == 1
    response = client.get(reverse("projects:index"), {"evidence": "on"})
    assert [p.title for p in response.context["page"]] == ["Reducing falls on Heron Ward"]
    labels = [label for label, _ in response.context["active_filters"]]
    assert labels == ["Showed evidence of improvement"]


def test_pagination_keeps_the_query(client, personas, registry):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:index"), {"q": "medicines", "page": 2})
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 5
    assert "q=medicines&amp;page=1" in response.content.decode()


def test_htmx_request_gets_only_the_results(client, personas, registry):
    client.force_login(personas["staff"])
    response = client.get(
        reverse("projects:index"),
        {"q": "falls"},
        headers={"HX-Request": "true", "HX-Target": "project-results"},
    )
    body = response.content.decode()
    assert "<h1>" not in body
    assert "2 projects matching" in body


def test_csv_and_excel_export_of_the_current_list(client, personas, registry):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:index"), {"q": "falls", "download": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Project", "Title"]
    assert {r[1] for r in rows[1:]} == {"Reducing falls on Heron Ward", "Falls in the community"}
    assert rows[1][11] in ("Yes", "No")
    response = client.get(reverse("projects:index"), {"site": "SOU", "download": "xlsx"})
    assert response.content[:2] == b"PK"
    assert client.get(reverse("projects:index"), {"download": "pdf"}).status_code == 404


def test_bad_quarter_is_reported_on_the_field(client, personas, registry):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:index"), {"registered": "last year"})
    assert response.status_code == 200
    assert "Enter a quarter like 2025-Q3" in response.content.decode()


def test_what_worked_lists_adopted_changes_with_evidence(client, personas, registry):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:what_worked"), {"q": "falls"})
    body = response.content.decode()
    assert "Bay nursing" in body
    assert "4 weeks after &#x27;Bay nursing&#x27; was adopted" in body
    assert "BAS Hospital" in body
    response = client.get(reverse("projects:what_worked"), {"q": "medicines"})
    assert "No adopted change" in response.content.decode()
    response = client.get(reverse("projects:what_worked"), {"download": "csv"})
    assert "Bay nursing" in response.content.decode("utf-8-sig")


def test_similar_projects_include(client, personas, registry):
    from django.template.loader import render_to_string

    html = render_to_string("projects/_similar.html", {"project": registry})
    assert "Falls in the community" in html
    assert "Reducing falls on Heron Ward" not in html.split("Similar projects", 1)[1]
