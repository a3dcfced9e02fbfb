"""The community home page and its place in the header."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_header_leads_to_the_community_home(client, personas):
    client.force_login(personas["staff"])
    response = client.get(reverse("core:home"))
    assert f'href="{reverse("community:index")}"'.encode() in response.content
    page = client.get(reverse("community:index"))
    assert page.status_code == 200
    assert b"<h1>Community</h1>" in page.content
    current = f'href="{reverse("community:index")}" aria-current="page"'
    assert current.encode() in page.content


def test_someone_not_signed_in_is_sent_to_log_in(client):
    response = client.get(reverse("community:index"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_home_page_links_recent_evidence_of_improvement(client, personas):
    import datetime as dt

    from qls.projects.models import Evidence
    from tests.factories.projects import MeasureFactory

    older, newer = MeasureFactory(), MeasureFactory()
    Evidence.objects.create(
        measure=older, found=True, first_period=dt.date(2026, 3, 1), sentence="Falls fell <a lot>."
    )
    Evidence.objects.create(
        measure=newer, found=True, first_period=dt.date(2026, 9, 1), sentence="Waits shortened."
    )
    Evidence.objects.create(measure=MeasureFactory(), found=False, sentence="")
    client.force_login(personas["staff"])
    page = client.get(reverse("community:index")).content.decode()
    section = page.split('id="community-evidence"', 1)[1].split("</section>", 1)[0]
    assert section.index("Waits shortened.") < section.index("Falls fell &lt;a lot&gt;.")
    assert f'href="{newer.project.get_absolute_url()}"' in section
    assert section.count("<li>") == 2


def _queries(client) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("community:index")).content.decode()
    return len(queries), page


def test_the_shared_sections_are_kept_and_a_new_thread_shows_at_once(client, personas):
    from tests.factories.community_forum import thread

    thread(personas["coach"], title="How long should a PDSA cycle run?")
    client.force_login(personas["staff"])
    first, page = _queries(client)
    assert "How long should a PDSA cycle run?" in page
    again, _page = _queries(client)
    assert again <= first - 5  # threads, resources, event, evidence, glossary: kept
    # A new thread drops what was kept: it is on the next view.
    thread(personas["coach"], title="Which chart for falls per 1,000 bed days?")
    _count, page = _queries(client)
    assert "Which chart for falls per 1,000 bed days?" in page


def test_what_is_kept_is_the_same_for_everyone_and_my_progress_is_mine(client, personas):
    client.force_login(personas["improvement"])
    _count, theirs = _queries(client)
    client.force_login(personas["staff"])
    _count, mine = _queries(client)
    section = 'id="community-evidence"'
    assert (
        theirs.split(section, 1)[1].split("</main>")[0]
        == mine.split(section, 1)[1].split("</main>")[0]
    )
