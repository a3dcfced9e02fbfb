"""An edition's PDF and PowerPoint deck, read back as a reader would read them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from qls.reports import outputs, workflow
from qls.reports.models import ItemKind
from qls.reports.outputs.content import NO_NARRATIVE
from tests.factories.reports import NARRATIVE, reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
TODAY = dt.date(2026, 1, 15)
EXCEPTIONS = ["Falls with harm", "Discharges before noon"]


@pytest.fixture
def edition(personas):
    world = reporting_world(personas)
    return workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
    )


@pytest.fixture
def published(edition, personas):
    for item in edition.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=personas["improvement"], **NARRATIVE)
    workflow.mark_complete(edition=edition, by=personas["improvement"])
    workflow.approve(edition=edition, by=personas["executive"])
    return workflow.publish(edition=edition, by=personas["executive"])


def _pdf(edition):
    seen = []
    data = outputs.render(edition, "pdf", lambda done, total: seen.append((done, total)))
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages], seen


def _squash(text):
    return " ".join(text.split())


def test_the_pdf_has_a_page_per_part_and_one_per_exception(edition):
    pages, seen = _pdf(edition)
    # Title, contents, summary matrix, SPC table, two exceptions, good news and
    # changes, then improvement and capability (its two training charts take a page).
    assert len(pages) == 9
    assert "Contents" in pages[1]
    assert "Summary: variation and assurance" in pages[2]
    assert "SPC summary table" in pages[3]
    for page, name in zip(pages[4:6], EXCEPTIONS, strict=True):
        assert name in page
    assert "Good news" in pages[6]
    assert "Compliments received" in pages[6]
    assert "Improvement and capability" in pages[7]
    assert "Counted as at the cut-off, 31 December 2025" in _squash(pages[7])
    assert seen[-1] == (3, 3)


def test_the_pdf_contents_give_the_page_of_each_exception(edition):
    pages, _ = _pdf(edition)
    contents = _squash(pages[1])
    assert "Falls with harm at Trust" in contents
    # Leaders of dots run up to the page number where each part starts.
    numbered = " ".join(re.sub(r"\.{2,}", " ", contents).split())
    assert "Falls with harm at Trust 5 Discharges before noon at Trust 6" in numbered
    assert "What changed since the previous edition 7 Improvement and capability 8" in numbered
    assert "Falls with harm at Trust" in _squash(pages[4])


def test_the_pdf_shows_no_data_for_the_empty_metric(edition):
    pages, _ = _pdf(edition)
    table = _squash(pages[3])
    assert "Medication errors" in table
    assert "No data for this period" in table


def test_an_unpublished_pdf_is_marked_draft_and_says_which_narratives_are_missing(edition):
    pages, _ = _pdf(edition)
    assert "DRAFT" in pages[0]
    assert all("DRAFT" in page for page in pages[1:])
    for page in pages[4:6]:
        assert NO_NARRATIVE in page


def test_a_published_pdf_names_its_approver_and_carries_the_narratives(published):
    pages, _ = _pdf(published)
    assert not any("DRAFT" in page for page in pages)
    title = _squash(pages[0])
    assert f"Approved by {published.approved_by_name}" in title
    assert f"{published.approved_at:%-d %B %Y}" in title
    falls = _squash(pages[4])
    for answer in NARRATIVE.values():
        assert _squash(answer) in falls


def _deck(edition):
    data = outputs.render(edition, "pptx")
    return Presentation(io.BytesIO(data))


def _slide_text(slide):
    words = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            words.append(shape.text_frame.text)
        if shape.has_table:
            words += [cell.text for row in shape.table.rows for cell in row.cells]
    return _squash(" ".join(words))


def test_the_deck_is_16_9_with_title_matrix_table_and_a_slide_per_exception(edition):
    deck = _deck(edition)
    assert deck.slide_width * 9 == deck.slide_height * 16
    slides = [_slide_text(s) for s in deck.slides]
    assert len(slides) == 5
    assert "DRAFT" in slides[0]
    assert "December 2025" in slides[0]
    assert "Summary: variation and assurance" in slides[1]
    assert "SPC summary table" in slides[2]
    assert "Medication errors, Trust No data for this period" in slides[2]
    assert "Concern (high)" in slides[2]
    for text, name in zip(slides[3:], EXCEPTIONS, strict=True):
        assert name in text
        assert NO_NARRATIVE in text


def test_each_exception_slide_carries_its_narrative_and_a_described_chart(published):
    deck = _deck(published)
    slides = list(deck.slides)
    assert "DRAFT" not in _slide_text(slides[0])
    assert f"Approved by {published.approved_by_name}" in _slide_text(slides[0])
    for slide, name in zip(slides[3:], EXCEPTIONS, strict=True):
        text = _slide_text(slide)
        assert name in text
        for answer in NARRATIVE.values():
            assert _squash(answer) in text
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # a picture
        assert len(pictures) == 1
        described = pictures[0]._element.nvPicPr.cNvPr.get("descr")
        assert described
        assert "points" in described


def test_a_long_summary_table_is_split_over_slides_repeating_its_section(edition):
    from qls.reports.outputs import deck
    from qls.reports.outputs.content import pack

    found = pack(edition)
    title, items = found.sections[0]
    found.sections = [(title, items * 9)]  # 27 rows of one section
    rows = list(deck._pages(deck._table_rows(found)))
    assert deck.ROWS_PER_SLIDE == 10
    assert [len(p) for p in rows] == [10, 10, 10]  # each: a heading and 9 metrics
    assert rows[1][0] == (f"{title} (continued)", None)
    assert all(len(p) <= deck.ROWS_PER_SLIDE for p in rows)


def test_a_long_narrative_is_shortened_on_its_slide_and_says_so(edition, personas):
    from qls.reports.outputs import deck

    item = edition.items.get(metric_name="Falls with harm")
    long_why = "Staffing on nights fell short of plan. " * 40
    workflow.save_narrative(item=item, by=personas["improvement"], **{**NARRATIVE, "why": long_why})
    text = _slide_text(list(_deck(edition).slides)[3])
    assert deck.SHORTENED in text
    assert _squash(long_why) not in text
    assert "Staffing on nights fell short of plan." in text
    # The PDF keeps every word.
    pages, _ = _pdf(edition)
    assert _squash(long_why) in _squash(" ".join(pages[4:]))


def test_a_crowded_matrix_cell_names_a_few_metrics_and_counts_the_rest(edition):
    from qls.reports.outputs import deck

    items = list(edition.items.all()) * 2  # ten metrics in one cell
    text = deck.cell_text(items)
    assert text.startswith("10: Falls with harm; ")
    assert text.endswith("; and 4 more")
    assert deck.cell_text([]) == "0"
