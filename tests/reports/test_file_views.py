"""An edition's files on the web: asking for a build, its progress, the download, per role."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qls.core.models import JobStatus
from qls.reports import workflow
from qls.reports.models import EditionFile, ItemKind
from tests.factories.reports import NARRATIVE, reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(personas):
    world = reporting_world(personas)
    return workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=dt.date(2026, 1, 5)
    )


@pytest.fixture
def published(draft, personas):
    for item in draft.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)
    workflow.mark_complete(edition=draft, by=personas["improvement"])
    workflow.approve(edition=draft, by=personas["executive"])
    return workflow.publish(edition=draft, by=personas["executive"])


def _urls(edition, code="xlsx"):
    args = [edition.pk, code]
    return (
        reverse("reports:file", args=args),
        reverse("reports:file_build", args=args),
        reverse("reports:file_download", args=args),
    )


def _read(response) -> bytes:
    """Read the download to its end; the test client then closes the file (not ``close()``,
    which would close the database connection and, on PostgreSQL, the test's transaction)."""
    return b"".join(response.streaming_content)


def test_an_owner_builds_the_drafts_spreadsheet_and_downloads_it(
    client, draft, personas, django_capture_on_commit_callbacks
):
    page, build, download = _urls(draft)
    client.force_login(personas["lead"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(build)
    assert response.status_code == 302
    assert response["Location"] == page

    shown = client.get(page)
    assert b"The spreadsheet is ready" in shown.content
    assert b'data-status="ready"' in shown.content
    got = client.get(download)
    assert got.status_code == 200
    assert got["Content-Type"] == XLSX
    assert got["Content-Disposition"] == 'attachment; filename="qsc-2025-12.xlsx"'
    sheet = load_workbook(io.BytesIO(_read(got))).active
    assert sheet.max_row == draft.items.count() + 1


def test_the_edition_page_offers_each_file(client, draft, personas):
    client.force_login(personas["improvement"])
    content = client.get(draft.get_absolute_url()).content.decode()
    for noun in ("PDF", "deck", "spreadsheet"):
        assert f"Build the {noun}</button>" in content
    assert reverse("reports:file_build", args=[draft.pk, "pptx"]) in content


@pytest.mark.parametrize("persona", ["staff", "coach", "norole"])
def test_a_drafts_files_do_not_exist_for_those_not_working_on_it(client, draft, personas, persona):
    client.force_login(personas[persona])
    page, build, download = _urls(draft)
    expected = 403 if persona == "norole" else 404
    assert client.get(page).status_code == expected
    assert client.post(build).status_code == expected
    assert client.get(download).status_code == expected
    assert not EditionFile.objects.exists()


def test_any_member_of_staff_builds_and_downloads_a_published_editions_file(
    client, published, personas, django_capture_on_commit_callbacks
):
    _page, build, download = _urls(published)
    client.force_login(personas["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(build)
    got = client.get(download)
    assert got.status_code == 200
    assert _read(got)[:2] == b"PK"  # a zip: the XLSX container
    assert (
        EditionFile.objects.get(edition=published, format="xlsx").requested_by == personas["staff"]
    )


def test_a_file_not_built_yet_is_not_downloaded_but_offered(client, published, personas):
    page, _build, download = _urls(published)
    client.force_login(personas["staff"])
    response = client.get(download)
    assert response.status_code == 302
    assert response["Location"] == page
    assert b"Build the spreadsheet</button>" in client.get(page).content


def test_an_out_of_date_file_is_never_served(
    client, draft, personas, django_capture_on_commit_callbacks
):
    page, build, download = _urls(draft)
    client.force_login(personas["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(build)
    item = draft.items.filter(kind=ItemKind.EXCEPTION).first()
    workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)

    assert client.get(download).status_code == 302
    shown = client.get(page).content
    assert b"Out of date" in shown
    assert b'data-status="out-of-date"' in shown


def test_a_running_build_polls_with_htmx_and_offers_a_refresh_link(client, draft, personas):
    EditionFile.objects.create(
        edition=draft, format="pdf", status=JobStatus.RUNNING, rows_done=2, rows_total=4
    )
    page, _build, _download = _urls(draft, "pdf")
    client.force_login(personas["executive"])

    partial = client.get(page, headers={"HX-Request": "true"})
    content = partial.content.decode()
    assert "<h1" not in content
    assert f'hx-get="{page}"' in content
    assert 'value="50"' in content
    assert "2 of 4 steps done" in content
    full = client.get(page).content.decode()
    assert f'<a href="{page}">Refresh the page</a>' in full


def test_a_failed_build_shows_its_reason(client, draft, personas):
    EditionFile.objects.create(
        edition=draft,
        format="pptx",
        status=JobStatus.FAILED,
        error="The PowerPoint deck could not be built: no slide layout",
    )
    client.force_login(personas["improvement"])
    content = client.get(_urls(draft, "pptx")[0]).content.decode()
    assert "The deck was not built" in content
    assert "no slide layout" in content
    assert "Build the deck</button>" in content


def test_an_unknown_format_is_not_found(client, draft, personas):
    client.force_login(personas["improvement"])
    page, build, download = _urls(draft, "docx")
    assert client.get(page).status_code == 404
    assert client.post(build).status_code == 404
    assert client.get(download).status_code == 404


def test_building_takes_a_post_only(client, draft, personas):
    client.force_login(personas["improvement"])
    assert client.get(_urls(draft)[1]).status_code == 405
