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
