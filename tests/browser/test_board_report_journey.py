"""A board report's month, walked in the browser: an analyst defines the report and
opens an edition, the owner writes a narrative, publishing with one missing is refused,
the executive lead approves and publishes, and a member of staff reads it. Every page
passes the accessibility check and fits a 390 px screen."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pptx import Presentation
from pypdf import PdfReader

from qls.measurement.importing.starting import push_rows
from qls.measurement.models import ImportStatus, Series
from qls.organisation.models import Organisation
from qls.reports.models import Edition, EditionStatus, ItemKind
from tests.factories.reports import NARRATIVE, reporting_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, login, user) -> None:
    page.context.clear_cookies()
    login(page, user)


def _write(page, name: str) -> None:
    page.get_by_role("link", name=f"Write the narrative for {name} at Trust").click()
    for label, key in [
        ("What the chart shows", "chart_shows"),
        ("Why", "why"),
        ("Actions, with dates", "actions"),
        ("When improvement is expected", "expected"),
    ]:
        page.get_by_label(label, exact=True).fill(NARRATIVE[key])
    page.get_by_role("button", name="Save the narrative").click()


def test_a_report_from_definition_to_publication(
    page, personas, login, site_url, axe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # where the edition's files are kept
    world = reporting_data(personas)

    _as(page, login, personas["analyst"])
    page.goto(f"{site_url}/reports/")
    axe(page, context="reports index")
    page.get_by_role("link", name="Define a report").click()
    page.get_by_label("Name", exact=True).fill("Trust board — quality section")
    page.get_by_label("Short name for the address").fill("board")
    page.get_by_label("Audience").select_option("board")
    page.get_by_label("Executive lead").select_option(world.lead.staff_number)
    axe(page, context="define a report")
    page.get_by_role("button", name="Save and add sections").click()

    page.get_by_label("What the section is about").select_option("cqc")
    page.get_by_label("CQC key question").select_option("safe")
    page.get_by_label("Owner of these metrics").select_option(world.owner.staff_number)
    page.get_by_role("button", name="Add the section").click()
    expect(page.get_by_text("A section needs at least one metric").first).to_be_visible()
    axe(page, context="section refused without metrics")
    page.get_by_label("Falls with harm").check()
    page.get_by_label("Discharges before noon").check()
    page.get_by_label("Medication errors").check()
    page.get_by_role("button", name="Add the section").click()
    axe(page, context="report definition")

    page.get_by_role("link", name="Open an edition").click()
    page.get_by_label("Month reported").fill("2025-12")
    page.get_by_role("button", name="Open the draft").click()
    expect(page.get_by_text("2 exceptions still need a complete narrative")).to_be_visible()
    expect(page.get_by_text("No data for this period").first).to_be_visible()
    axe(page, context="draft edition")
    edition = Edition.objects.get(report__slug="board")

    _as(page, login, personas["lead"])
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    _write(page, "Falls with harm")
    axe(page, context="draft after a narrative")

    _as(page, login, personas["executive"])
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("These exceptions have no complete narrative yet")).to_be_visible()
    axe(page, context="publishing refused")

    _as(page, login, personas["lead"])
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    _write(page, "Discharges before noon")
    _as(page, login, personas["analyst"])
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    page.get_by_role("button", name="Mark narratives complete").click()

    _as(page, login, personas["executive"])
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved by").first).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    # Publishing builds the PDF and the deck to keep with the edition (here in the
    # request, as the test server runs jobs at once), so it may take a while.
    expect(page.get_by_text("Edition published").first).to_be_visible(timeout=120_000)
    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.PUBLISHED

    _as(page, login, personas["staff"])
    page.goto(f"{site_url}/reports/")
    page.get_by_role("link", name="December 2025").click()
    expect(page.get_by_role("heading", name="Falls with harm at Trust")).to_be_visible()
    expect(page.get_by_text(NARRATIVE["why"]).first).to_be_visible()
    axe(page, context="published edition")

    # The summary table as a spreadsheet: built in the background, kept, downloaded.
    page.get_by_role("button", name="Build the spreadsheet").click()
    expect(page.get_by_role("heading", name="The spreadsheet is ready")).to_be_visible()
    axe(page, context="edition file")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the spreadsheet").click()
    assert download.value.suggested_filename == "board-2025-12.xlsx"
    # Playwright keeps the download under a name without its extension: read the bytes.
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    exceptions = edition.items.filter(kind=ItemKind.EXCEPTION).values_list("metric_name", flat=True)
    assert list(exceptions)
    assert set(exceptions) <= names

    exception_names = list(exceptions)  # in the edition's order: section, then metric

    # The PDF and the deck were built on publishing: they download as kept.
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the PDF").click()
    assert pdf_download.value.suggested_filename == "board-2025-12.pdf"
    reader = PdfReader(io.BytesIO(pdf_download.value.path().read_bytes()))
    # Title, contents, matrix, table, one page per exception, good news and
    # changes, then improvement and capability.
    assert len(reader.pages) >= 5 + len(exception_names)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for name in exception_names:
        assert f"{name} at Trust" in text
    assert "Improvement and capability" in text

    with page.expect_download() as deck_download:
        page.get_by_role("link", name="Download the deck").click()
    assert deck_download.value.suggested_filename == "board-2025-12.pptx"
    deck = Presentation(io.BytesIO(deck_download.value.path().read_bytes()))
    slides = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]
    # Title, matrix, one table slide (three metrics), then a slide per exception.
    assert len(slides) == 3 + len(exception_names)
    for name, slide in zip(exception_names, slides[3:], strict=True):
        assert name in slide

    # A new import rewrites December: the live chart moves, the published edition does not.
    falls = world.concern
    trust_code = Organisation.objects.get(is_host=True).code
    frozen_value = edition.items.get(metric_name="Falls with harm").latest_value
    imp = push_rows(
        [{"metric": falls.metric.code, "org_unit": trust_code, "period": "2025-12-01",
          "value": 3}],
        by=None,
    )  # fmt: skip
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows
    assert Series.objects.get(pk=falls.pk).latest_value == 3
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Falls with harm"))
    expect(row.first).to_contain_text(f"{frozen_value:g}")
    assert edition.items.get(metric_name="Falls with harm").latest_value == frozen_value
