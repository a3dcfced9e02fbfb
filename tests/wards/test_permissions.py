"""Who reaches each page of the ward programme: every URL, every persona.

200 shown, 403 refused, 405 for pages that only take a form post (checked
separately below). The public issue page answers everyone, signed in or not.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.wards.models import Action, Audit, Escalation
from tests.factories.accounts import PERSONAS
from tests.factories.organisation import StaffMemberFactory
from tests.factories.wards import (
    AuditQuestionFactory,
    EngagementEventFactory,
    IssueFactory,
)

pytestmark = pytest.mark.django_db

EVERYONE = set(PERSONAS)
VIEWERS = EVERYONE - {"norole"}
TEAM = {"improvement", "admin"}
DASHBOARD = {"executive", "improvement", "admin"}
AUDITORS = {"coach", "improvement", "admin"}
IMPORTERS = {"analyst", "improvement", "admin"}


@pytest.fixture
def world(db):
    event = EngagementEventFactory()
    journey = event.journey
    journey.programme.sites.add(journey.ward.site)
    issue = IssueFactory(event=event)
    owner = StaffMemberFactory()
    action = Action.objects.create(issue=issue, description="x", owner=owner, due=dt.date.today())
    other = IssueFactory(event=event)
    escalation = Escalation.objects.create(issue=other, level="trust", owner=owner)
    question = AuditQuestionFactory()
    audit = Audit.objects.create(template=question.section.template, ward=journey.ward,
                                 date=dt.date.today())  # fmt: skip
    return {
        "site": journey.ward.site.code,
        "ward": journey.ward.code,
        "journey": journey.pk,
        "event": event.pk,
        "token": event.token,
        "issue": issue.pk,
        "action": action.pk,
        "escalation": escalation.pk,
        "audit": audit.pk,
        "programme": journey.programme.pk,
    }


# name -> (args from the world, personas given 200; everyone else 403)
PAGES: dict[str, tuple[tuple[str, ...], set[str]]] = {
    "wards:index": ((), VIEWERS),
    "wards:programme_new": ((), TEAM),
    "wards:programme_edit": (("programme",), TEAM),
    "wards:plan": (("site",), TEAM),
    "wards:board": (("site",), VIEWERS),
    "wards:journey": (("journey",), VIEWERS),
    "wards:diagnostic": (("journey",), VIEWERS),
    "wards:diagnostic_pdf": (("journey",), VIEWERS),
    "wards:survey_import": ((), IMPORTERS),
    "wards:event_new": (("journey",), TEAM),
    "wards:event": (("event",), VIEWERS),
    "wards:event_qr": (("event",), VIEWERS),
    "wards:submit": (("token",), EVERYONE),
    "wards:issue": (("issue",), TEAM),
    "wards:actions": ((), VIEWERS),
    "wards:we_said_we_did": ((), VIEWERS),
    "wards:respond": (("escalation",), TEAM),
    "wards:accreditation": ((), VIEWERS),
    "wards:accreditation_manage": ((), TEAM),
    "wards:accreditation_board": (("site",), VIEWERS),
    "wards:accreditation_ward": (("ward",), VIEWERS),
    "wards:audit_new": ((), AUDITORS),
    "wards:audit": (("audit",), VIEWERS),
    "wards:audit_review": (("audit",), AUDITORS),
}

# Form posts: name -> (args, personas allowed, post data)
POSTS: dict[str, tuple[tuple[str, ...], set[str], dict]] = {
    "wards:advance": (("journey",), TEAM, {}),
    "wards:categorise": (("issue",), TEAM, {"category": "fix"}),
    "wards:duplicate": (("issue",), TEAM, {"of": ""}),
    "wards:issue_action": (("issue",), TEAM, {"description": ""}),
    "wards:issue_project": (("issue",), TEAM, {"title": ""}),
    "wards:issue_escalate": (("issue",), TEAM, {"level": ""}),
    "wards:issue_not_taken_forward": (("issue",), TEAM, {}),
    "wards:nominate": (("event",), TEAM, {"staff": ""}),
    "wards:action_update": (("action",), TEAM, {"status": "in_progress"}),
    "wards:audit_submit": (("audit",), AUDITORS, {}),
}


def _url(name, args, world):
    return reverse(name, args=[world[a] for a in args])


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_reaches_only_its_pages(client, personas, world, persona):
    client.force_login(personas[persona])
    # A draft audit is its auditor's alone (others get 404): make it this persona's.
    Audit.objects.filter(pk=world["audit"]).update(created_by=personas[persona])
    wrong = []
    for name, (args, allowed) in PAGES.items():
        expected = 200 if persona in allowed else 403
        got = client.get(_url(name, args, world)).status_code
        if got != expected:
            wrong.append(f"{name}: expected {expected}, got {got}")
    export = reverse("wards:dashboard_export", args=["csv"])
    got = client.get(export, {"programme": world["programme"]}).status_code
    if got != (200 if persona in DASHBOARD else 403):
        wrong.append(f"dashboard export: got {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_may_post_only_its_forms(client, personas, world, persona):
    client.force_login(personas[persona])
    Audit.objects.filter(pk=world["audit"]).update(created_by=personas[persona])
    wrong = []
    for name, (args, allowed, data) in POSTS.items():
        got = client.post(_url(name, args, world), data).status_code
        refused = got == 403
        if refused == (persona in allowed):
            wrong.append(f"{name}: got {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_the_owner_of_an_action_may_update_it_whatever_their_role(client, personas, world):
    action = Action.objects.get(pk=world["action"])
    action.owner.user = personas["staff"]
    action.owner.save()
    client.force_login(personas["staff"])
    response = client.post(reverse("wards:action_update", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_the_public_issue_page_needs_no_sign_in(client, world):
    assert client.get(reverse("wards:submit", args=[world["token"]])).status_code == 200
    login = reverse("accounts:login")
    for name, (args, _allowed) in PAGES.items():
        if name == "wards:submit":
            continue
        response = client.get(_url(name, args, world))
        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name


def test_the_dashboard_export_has_the_figures(client, personas, world):
    client.force_login(personas["executive"])
    for fmt in ("csv", "xlsx"):
        response = client.get(
            reverse("wards:dashboard_export", args=[fmt]), {"programme": world["programme"]}
        )
        assert response.status_code == 200
    text = client.get(
        reverse("wards:dashboard_export", args=["csv"]), {"programme": world["programme"]}
    ).content.decode("utf-8-sig")
    assert text.startswith("measure,site,breakdown,value")
    assert "fixes done within 30 days" in text
