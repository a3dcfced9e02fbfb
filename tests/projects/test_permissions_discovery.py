"""Who reaches the discovery pages (search, what worked, dashboard, poster, downloads).

Every person with a role may read every project, so each such persona gets
every page; an account with no role is refused (the no-role rule, tested page
by page in tests/accounts/test_no_role.py); an anonymous visitor is sent to log in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories.accounts import PERSONAS
from tests.projects.discovery_helpers import add_change, add_evidence, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(reference_data):
    p = make_project("Bay nursing on Heron Ward")
    node, cycle = add_change(p, "Bay nursing", adopted=dt.date(2025, 4, 7))
    add_evidence(p, node, cycle)
    return p


def urls(project) -> dict[str, str]:
    return {
        "search": reverse("projects:index") + "?q=bay&site=BAS&evidence=on",
        "search csv": reverse("projects:index") + "?download=csv",
        "search xlsx": reverse("projects:index") + "?q=bay&download=xlsx",
        "what worked": reverse("projects:what_worked") + "?q=falls",
        "what worked csv": reverse("projects:what_worked") + "?download=csv",
        "dashboard": reverse("projects:dashboard"),
        "dashboard csv": reverse("projects:dashboard") + "?download=csv&table=aims",
        "poster": reverse("projects:poster", args=[project.pk]),
    }


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"norole"}))
def test_every_persona_with_a_role_reads_every_discovery_page(client, personas, project, persona):
    client.force_login(personas[persona])
    wrong = []
    for name, url in urls(project).items():
        got = client.get(url).status_code
        if got != 200:
            wrong.append(f"{name}: {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_anonymous_visitor_is_sent_to_log_in(client, personas, project):
    login = reverse("accounts:login")
    for name, url in urls(project).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name


def test_discovery_pages_only_read(client, personas, project):
    client.force_login(personas["admin"])
    for name, url in urls(project).items():
        assert client.post(url).status_code == 405, name
