"""Removing a patient identifier from stored text and from its audit history."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from qls.core import redaction
from qls.wards.models import Issue
from tests.factories.wards import IssueFactory

pytestmark = pytest.mark.django_db

LEAKED = "Mr John Smith (DOB 04/05/1938) in bed 12 was not turned overnight"


@pytest.fixture
def leaked_issue():
    """An issue stored before the screen was widened, then edited once."""
    issue = IssueFactory(text="Pressure area care on nights")
    # Saved directly, as older versions of QLS did, without full_clean.
    issue.text = LEAKED
    issue.save()
    issue.text = LEAKED + " again"
    issue.save()
    return issue


def _url(issue):
    return reverse("core:redact", args=["wards", "issue", issue.pk])


def _history_texts(issue):
    return list(Issue.history.filter(id=issue.pk).values_list("text", flat=True))


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("staff", False),
        ("lead", False),
        ("coach", False),
        ("improvement", True),
        ("analyst", False),
        ("executive", False),
        ("admin", True),
        ("norole", False),
    ],
)
def test_only_the_improvement_team_and_admins_may_redact(
    client, personas, leaked_issue, persona, allowed
):
    client.force_login(personas[persona])
    page = client.get(_url(leaked_issue))
    assert page.status_code == (200 if allowed else 403)
    posted = client.post(
        _url(leaked_issue), {"fields_to_redact": ["text"], "reason": "Name and DOB typed in"}
    )
    assert posted.status_code == (302 if allowed else 403)
    leaked_issue.refresh_from_db()
    assert (leaked_issue.text == redaction.PLACEHOLDER) == allowed


def test_page_ticks_the_field_holding_an_identifier_and_says_what_kind(
    client, personas, leaked_issue
):
    client.force_login(personas["improvement"])
    page = client.get(_url(leaked_issue))
    html = page.content.decode()
    assert "Issue (holds a patient&#x27;s name)" in html
    assert page.context["form"].initial == {"fields_to_redact": ["text"]}


def test_reason_is_required_and_nothing_changes_without_it(client, personas, leaked_issue):
    client.force_login(personas["improvement"])
    before = _history_texts(leaked_issue)
    page = client.post(_url(leaked_issue), {"fields_to_redact": ["text"], "reason": "  "})
    assert page.status_code == 200
    assert "Give the reason for removing the text" in page.content.decode()
    leaked_issue.refresh_from_db()
    assert leaked_issue.text == LEAKED + " again"
    assert _history_texts(leaked_issue) == before


def test_redaction_replaces_text_purges_history_and_records_reason_and_actor(
    client, personas, leaked_issue
):
    client.force_login(personas["improvement"])
    page = client.post(
        _url(leaked_issue),
        {"fields_to_redact": ["text"], "reason": "Name and DOB typed into an issue", "next": "/"},
    )
    assert page.status_code == 302
    assert page["Location"] == "/"
    leaked_issue.refresh_from_db()
    assert leaked_issue.text == redaction.PLACEHOLDER
    texts = _history_texts(leaked_issue)
    assert len(texts) == 4  # created, two edits, and the redaction itself
    assert all("Smith" not in text and "1938" not in text for text in texts)
    assert set(texts) == {redaction.PLACEHOLDER}
    latest = Issue.history.filter(id=leaked_issue.pk).latest("history_date")
    assert latest.history_change_reason == "Name and DOB typed into an issue"
    assert latest.history_user == personas["improvement"]


def test_redirect_ignores_an_offsite_next(client, personas, leaked_issue):
    client.force_login(personas["admin"])
    page = client.post(
        _url(leaked_issue),
        {"fields_to_redact": ["text"], "reason": "Typed in", "next": "https://example.com/"},
    )
    assert page.status_code == 302
    assert not page["Location"].startswith("https://example.com")


def test_unknown_record_is_not_found(client, personas):
    client.force_login(personas["admin"])
    assert client.get(reverse("core:redact", args=["wards", "issue", 999999])).status_code == 404
    assert client.get(reverse("core:redact", args=["auth", "group", 1])).status_code == 404
    assert client.get(reverse("core:redact", args=["wards", "nosuch", 1])).status_code == 404
    huge = reverse("core:redact", args=["wards", "issue", "99999999999999999999"])
    assert client.get(huge).status_code == 404
    assert client.get(reverse("core:redact", args=["wards", "issue", "abc"])).status_code == 404


def test_redact_refuses_a_field_that_is_not_text(leaked_issue):
    with pytest.raises(redaction.RedactionError, match="not a text field"):
        redaction.redact(obj=leaked_issue, fields=["category"], reason="x", by=None)


def test_scanner_finds_current_and_historical_text(leaked_issue):
    hits = [h for h in redaction.scan() if h.model is Issue and h.pk == leaked_issue.pk]
    assert [h.history_id is None for h in hits].count(True) == 1
    assert [h.history_id is None for h in hits].count(False) == 2
    assert {h.kind for h in hits} == {"patient's name"}


def test_command_lists_then_redacts_everything_it_found(leaked_issue, capsys):
    clean = IssueFactory(text="Hoist often missing from bay 4")
    # Only an earlier version of this one held an identifier.
    clean.text = "Call the daughter on 07700 900123"
    clean.save()
    clean.text = "Family contact details are on the EPR"
    clean.save()

    call_command("find_patient_identifiers")
    listed = capsys.readouterr().out
    assert "4 patient identifier(s) found." in listed
    # The text itself is never printed.
    assert "07700" not in listed
    assert "Smith" not in listed

    with pytest.raises(CommandError, match="--reason"):
        call_command("find_patient_identifiers", "--redact")

    call_command(
        "find_patient_identifiers", "--redact", "--reason", "Sweep after widening the screen"
    )
    assert "Redacted 1 record(s); overwrote 1 further history row(s)." in capsys.readouterr().out
    assert list(redaction.scan()) == []
    clean.refresh_from_db()
    assert clean.text == "Family contact details are on the EPR"
    latest = Issue.history.filter(id=clean.pk).latest("history_date")
    assert latest.history_change_reason == "Sweep after widening the screen"


@pytest.mark.parametrize(("persona", "shown"), [("staff", False), ("improvement", True)])
def test_project_page_links_to_redaction_only_for_those_allowed(client, personas, persona, shown):
    from tests.factories.projects import ProjectFactory

    project = ProjectFactory()
    client.force_login(personas[persona])
    html = client.get(project.get_absolute_url()).content.decode()
    link = reverse("core:redact", args=["projects", "project", project.pk])
    assert (link in html) == shown
    if shown:
        assert "Redact patient identifier" in html


@pytest.mark.parametrize(("persona", "shown"), [("coach", False), ("admin", True)])
def test_redact_link_tag_checks_the_permission(rf, personas, leaked_issue, persona, shown):
    from django.template import Context, Template

    request = rf.get("/wards/event/1/")
    request.user = personas[persona]
    html = Template("{% load redaction %}{% redact_link issue %}").render(
        Context({"request": request, "issue": leaked_issue})
    )
    assert ("/redact/wards/issue/" in html) == shown
    if shown:
        assert "next=%2Fwards%2Fevent%2F1%2F" in html
