"""The ward programme's pages as each persona sees them: status and the links and
sections their role gives; issue follow-up forms refusing bad input by field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.projects.models import Project
from qls.wards.models import Action, Escalation, Issue
from tests.factories.accounts import PERSONAS
from tests.factories.organisation import StaffMemberFactory
from tests.factories.wards import EngagementEventFactory, IssueFactory

pytestmark = pytest.mark.django_db

VIEWERS = set(PERSONAS) - {"norole"}
TEAM = {"improvement", "admin"}
DASHBOARD = {"executive", "improvement", "admin"}
AUDITORS = {"coach", "improvement", "admin"}
IMPORTERS = {"analyst", "improvement", "admin"}


@pytest.fixture
def event():
    event = EngagementEventFactory()
    event.journey.programme.sites.add(event.journey.ward.site)
    return event


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_the_programme_home_shows_each_role_its_links(client, personas, event, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("wards:index"))
    if persona not in VIEWERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ward programme</h1>" in html
    assert "Wards by stage" in html
    assert ("Plan waves at" in html) == (persona in TEAM)
    assert ("Import staff survey results" in html) == (persona in IMPORTERS)
    assert ("dash_charts" in response.context) == (persona in DASHBOARD)


@pytest.mark.parametrize("persona", sorted(VIEWERS))
def test_the_accreditation_page_offers_audits_and_management_by_role(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("wards:accreditation"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ward accreditation</h1>" in html
    assert ("Start an audit" in html) == (persona in AUDITORS)
    assert ("Manage levels and audit templates" in html) == (persona in TEAM)


@pytest.mark.parametrize("persona", sorted(VIEWERS))
def test_the_issue_page_is_for_those_who_sort_issues(client, personas, event, persona):
    issue = IssueFactory(event=event)
    client.force_login(personas[persona])
    response = client.get(reverse("wards:issue", args=[issue.pk]))
    assert response.status_code == (200 if persona in TEAM else 403)
    if persona in TEAM:
        html = response.content.decode()
        assert f"Follow up issue {issue.pk}" in html
        for name in ("issue_action", "issue_project", "issue_escalate"):
            assert reverse(f"wards:{name}", args=[issue.pk]) in html


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("issue_action", {"description": "Label the drawers", "due": "2030-01-01"}, "owner"),
        ("issue_action", {"description": "Label the drawers", "owner": "OWNER"}, "due"),
        ("issue_project", {"title": "Discharge before noon", "lead": "OWNER"}, "aims"),
        ("issue_project", {"title": "", "lead": "OWNER", "aims": []}, "title"),
        ("issue_escalate", {"owner": "OWNER", "level": ""}, "level"),
        ("issue_escalate", {"level": "trust"}, "owner"),
    ],
)
def test_bad_follow_up_input_is_named_by_field_and_nothing_is_written(
    client, personas, event, name, data, field
):
    issue = IssueFactory(event=event)
    owner = StaffMemberFactory(ward=event.journey.ward)
    data = {k: owner.staff_number if v == "OWNER" else v for k, v in data.items()}
    client.force_login(personas["improvement"])
    response = client.post(reverse(f"wards:{name}", args=[issue.pk]), data)
    assert response.status_code == 200
    assert field in response.context["error_form"].errors
    assert "There is a problem" in response.content.decode()
    assert not Action.objects.exists()
    assert not Escalation.objects.exists()
    assert not Project.objects.exists()
    issue.refresh_from_db()
    assert (issue.category, issue.status) == ("uncategorised", "new")


def test_not_taking_an_issue_forward_has_its_own_address(client, personas, event):
    issue = IssueFactory(event=event)
    client.force_login(personas["improvement"])
    url = reverse("wards:issue_not_taken_forward", args=[issue.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert Issue.objects.get(pk=issue.pk).status == "not_taken_forward"


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_the_programme_pages_show_their_subject_to_every_viewer(client, personas, event, persona):
    journey = event.journey
    site = journey.ward.site
    IssueFactory(event=event, text="The hoist battery is always flat")
    pages = {
        reverse("wards:board", args=[site.code]): f"Programme board: {site.name}",
        reverse("wards:journey", args=[journey.pk]): f"<h1>{journey.ward.name}",
        reverse("wards:diagnostic", args=[journey.pk]): f"Diagnostic pack: {journey.ward.name}",
        reverse("wards:event", args=[event.pk]): f"<h1>{event}",
        reverse("wards:actions"): "<h1>Ward actions",
        reverse("wards:we_said_we_did"): "<h1>We said, we did",
    }
    client.force_login(personas[persona])
    for url, heading in pages.items():
        response = client.get(url, {"programme": journey.programme.pk})
        if persona not in VIEWERS:
            assert response.status_code == 403, url
            continue
        assert response.status_code == 200, url
        assert heading in response.content.decode(), url
    if persona in VIEWERS:
        event_page = client.get(reverse("wards:event", args=[event.pk])).content.decode()
        assert "The hoist battery is always flat" in event_page
