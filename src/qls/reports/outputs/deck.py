"""An edition as a 16:9 PowerPoint deck (python-pptx), for the board or committee pack.

Slides: a title slide (marked DRAFT until published), the variation by
assurance matrix as a table, the SPC summary table over as many slides as it
needs (grouped by section, each icon as a few coloured words), and one slide
per exception with its SPC chart as a PNG (described for screen readers) and
the owner's narrative. The chart is the web edition's spec, drawn by
vl-convert on this machine: nothing is fetched.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from qls.reports import summary
from qls.reports.models import Edition, EditionItem
from qls.reports.outputs.content import NO_NARRATIVE, ExceptionPage, Pack, pack, short_label
from qls.spc.charts import spec_to_png

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.33 by 7.5 inches: 16:9
MARGIN = Inches(0.5)
BLUE = RGBColor(0x00, 0x5E, 0xB8)
INK = RGBColor(0x21, 0x2B, 0x32)
GREY = RGBColor(0x4C, 0x62, 0x72)
RED = RGBColor(0xD5, 0x28, 0x1B)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
# Summary table rows a slide holds (section headings count) when every metric's
# name wraps onto a second line at 11 pt.
ROWS_PER_SLIDE = 10
# Metric names a matrix cell lists before "and N more": a committee pack's
# common-cause cell can hold forty.
CELL_NAMES = 6
CHART_WIDTH, CHART_HEIGHT = 760, 330  # CSS pixels, drawn at scale 2 for a sharp projector image
BLANK = 6  # the default template's blank layout
# Characters of each narrative answer that fit beside the chart at 12 pt (narratives
# are stored up to 10,000). A longer answer is cut with "…" and the slide says so.
FITS = 350
SHORTENED = "Shortened to fit the slide: the full narrative is in the PDF and the web edition."


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide: Any, left: int, top: int, width: int, height: int) -> Any:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    return frame


def _para(frame: Any, text: str, *, size: int, bold: bool = False, colour: RGBColor = INK) -> Any:
    paragraph = frame.paragraphs[0] if not frame.paragraphs[0].runs else frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = colour
    return paragraph


def _slide(deck: Any, heading: str, draft: bool) -> Any:
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
    frame = _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN - Inches(2.5), Inches(0.8))
    _para(frame, heading, size=26, bold=True, colour=BLUE)
    if draft:
        mark = _text(slide, WIDTH - MARGIN - Inches(2.4), Inches(0.35), Inches(2.4), Inches(0.5))
        _para(mark, "DRAFT", size=20, bold=True, colour=RED).alignment = 3  # right
    return slide


def _cell(table: Any, row: int, col: int, text: str, **style: Any) -> None:
    cell = table.cell(row, col)
    cell.text = ""
    frame = cell.text_frame
    frame.word_wrap = True
    _para(
        frame,
        text,
        size=style.get("size", 11),
        bold=style.get("bold", False),
        colour=style.get("colour", INK),
    )


def title_slide(deck: Any, found: Pack, draft: bool) -> None:
    edition, report = found.edition, found.edition.report
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
    band = slide.shapes.add_shape(1, 0, 0, WIDTH, HEIGHT)  # 1: rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = BLUE
    band.line.fill.background()
    frame = _text(slide, Inches(0.8), Inches(1.2), WIDTH - Inches(1.6), Inches(5.5))
    if draft:
        _para(frame, "DRAFT \u2013 not approved for publication", size=24, bold=True, colour=WHITE)
    _para(frame, str(report.get_audience_display()), size=18, colour=WHITE)
    _para(frame, report.name, size=36, bold=True, colour=WHITE)
    _para(frame, f"{edition.period:%B %Y}", size=28, bold=True, colour=WHITE)
    _para(frame, f"Status: {found.status}", size=18, colour=WHITE)
    _para(frame, f"Data up to {edition.cutoff.day} {edition.cutoff:%B %Y}", size=18, colour=WHITE)
    if edition.approved_at:
        day = edition.approved_at.date()
        _para(
            frame,
            f"Approved by {edition.approved_by_name} on {day.day} {day:%B %Y}",
            size=18,
            colour=WHITE,
        )


def matrix_slide(deck: Any, found: Pack, draft: bool) -> None:
    slide = _slide(deck, "Summary: variation and assurance", draft)
    columns, rows = found.matrix.columns, found.matrix.rows
    shape = slide.shapes.add_table(
        len(rows) + 1, len(columns) + 1, MARGIN, Inches(1.2), WIDTH - 2 * MARGIN, Inches(5.4)
    )
    table = shape.table
    table.columns[0].width = Inches(2.6)
    for col in range(1, len(columns) + 1):
        table.columns[col].width = int((WIDTH - 2 * MARGIN - Inches(2.6)) / len(columns))
    _cell(table, 0, 0, "Assurance \\ variation", bold=True, colour=WHITE)
    for col, (_, label) in enumerate(columns, start=1):
        _cell(table, 0, col, label, bold=True, colour=WHITE)
    for r, (label, cells) in enumerate(rows, start=1):
        _cell(table, r, 0, label, bold=True)
        for col, cell in enumerate(cells, start=1):
            _cell(table, r, col, cell_text(cell.items), size=11)
    if found.matrix.no_icons:
        note = _text(slide, MARGIN, HEIGHT - Inches(0.8), WIDTH - 2 * MARGIN, Inches(0.5))
        words = "; ".join(
            f"{_name(i)} ({'limits not meaningful' if i.has_data else summary.NO_DATA.lower()})"
            for i in found.matrix.no_icons
        )
        _para(note, f"Not in the matrix: {words}", size=12, colour=GREY)


def cell_text(items: list[EditionItem]) -> str:
    """ "3: Falls; Sepsis; …" with at most ``CELL_NAMES`` names, then how many more."""
    if not items:
        return "0"
    names = "; ".join(_name(i) for i in items[:CELL_NAMES])
    more = len(items) - CELL_NAMES
    return f"{len(items)}: {names}" + (f"; and {more} more" if more > 0 else "")


def _name(item: EditionItem) -> str:
    return (
        item.metric_name if item.level == "trust" else f"{item.metric_name} ({item.org_unit_name})"
    )


def _table_rows(found: Pack) -> list[tuple[str, EditionItem | None]]:
    """Section headings and items in order: (section title, None) opens a section."""
    out: list[tuple[str, EditionItem | None]] = []
    for title, items in found.sections:
        out.append((title, None))
        out += [(title, item) for item in items]
    return out


def _pages(
    rows: list[tuple[str, EditionItem | None]],
) -> Iterator[list[tuple[str, EditionItem | None]]]:
    """Rows in slide-sized pages; a page that starts mid-section repeats its heading."""
    page: list[tuple[str, EditionItem | None]] = []
    for title, item in rows:
        if len(page) == ROWS_PER_SLIDE or (item is None and len(page) >= ROWS_PER_SLIDE - 1):
            yield page
            page = []
        if not page and item is not None:
            page.append((f"{title} (continued)", None))
        page.append((title, item))
    if page:
        yield page


HEADERS = [
    "Metric",
    "Period",
    "Latest",
    "Mean",
    "Process limits",
    "Target",
    "Variation",
    "Assurance",
]
WIDTHS = [3.6, 1.1, 1.0, 1.0, 1.6, 0.9, 1.6, 1.53]


def _number(value: Any) -> str:
    return "\u2013" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def table_slides(deck: Any, found: Pack, draft: bool) -> int:
    pages = list(_pages(_table_rows(found)))
    for n, page in enumerate(pages, start=1):
        heading = "SPC summary table" + (f" ({n} of {len(pages)})" if len(pages) > 1 else "")
        slide = _slide(deck, heading, draft)
        shape = slide.shapes.add_table(
            len(page) + 1,
            len(HEADERS),
            MARGIN,
            Inches(1.2),
            WIDTH - 2 * MARGIN,
            Inches(0.4) * (len(page) + 1),
        )
        table = shape.table
        for col, (header, inches) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
            table.columns[col].width = Inches(inches)
            _cell(table, 0, col, header, bold=True, colour=WHITE)
        for r, (title, item) in enumerate(page, start=1):
            if item is None:
                table.cell(r, 0).merge(table.cell(r, len(HEADERS) - 1))
                _cell(table, r, 0, title, bold=True, colour=BLUE)
                continue
            _summary_row(table, r, item)
    return len(pages)


def _summary_row(table: Any, r: int, item: EditionItem) -> None:
    _cell(table, r, 0, f"{item.metric_name}, {item.org_unit_name}")
    if not item.has_data:
        table.cell(r, 1).merge(table.cell(r, len(HEADERS) - 1))
        _cell(table, r, 1, summary.NO_DATA, colour=GREY)
        return
    stats = item.spc_summary or {}
    _cell(table, r, 1, f"{item.latest_period:%b %Y}")
    _cell(table, r, 2, _number(item.latest_value))
    _cell(table, r, 3, _number(stats.get("last_mean")))
    _cell(table, r, 4, f"{_number(stats.get('last_lpl'))} to {_number(stats.get('last_upl'))}")
    _cell(table, r, 5, _number(item.target))
    if stats.get("repeated_values"):
        table.cell(r, 6).merge(table.cell(r, 7))
        _cell(table, r, 6, "Limits not meaningful (repeated values)", colour=GREY)
        return
    for col, icon in ((6, item.variation_icon), (7, item.assurance_icon)):
        words, colour = short_label(icon)
        _cell(table, r, col, words, bold=bool(icon), colour=_rgb(colour))


def chart_png(exception: ExceptionPage) -> bytes | None:
    if exception.spec is None:
        return None
    return spec_to_png({**exception.spec, "width": CHART_WIDTH, "height": CHART_HEIGHT}, scale=2)


def exception_slide(deck: Any, exception: ExceptionPage, png: bytes | None, draft: bool) -> None:
    slide = _slide(deck, exception.title, draft)
    about = _text(slide, MARGIN, Inches(1.0), WIDTH - 2 * MARGIN, Inches(0.4))
    _para(about, f"Owner: {exception.owner}. {exception.icons_text}.", size=14, colour=GREY)
    chart_width = Inches(7.4)
    if png is not None:
        picture = slide.shapes.add_picture(io.BytesIO(png), MARGIN, Inches(1.5), width=chart_width)
        # The picture's description is what a screen reader reads for it.
        picture._element.nvPicPr.cNvPr.set("descr", exception.description)
        picture.name = f"SPC chart: {exception.title}"
    else:
        frame = _text(slide, MARGIN, Inches(1.6), chart_width, Inches(1))
        _para(frame, summary.NO_DATA, size=16, colour=GREY)
    left = MARGIN + chart_width + Inches(0.3)
    frame = _text(slide, left, Inches(1.5), WIDTH - left - MARGIN, HEIGHT - Inches(2.0))
    answers = exception.answers()
    if not answers:
        _para(frame, NO_NARRATIVE, size=16, bold=True, colour=RED)
    shortened = False
    for question, answer in answers:
        _para(frame, question, size=13, bold=True, colour=BLUE)
        if len(answer) > FITS:
            answer, shortened = answer[: FITS - 1].rstrip() + "\u2026", True
        _para(frame, answer, size=12)
    if shortened:
        _para(frame, SHORTENED, size=11, colour=GREY)


def build(found: Pack, progress: Any) -> bytes:
    draft = not found.edition.is_published
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    total = len(found.exceptions) + 1
    title_slide(deck, found, draft)
    matrix_slide(deck, found, draft)
    table_slides(deck, found, draft)
    for done, exception in enumerate(found.exceptions, start=1):
        exception_slide(deck, exception, chart_png(exception), draft)
        progress(done, total)
    deck.core_properties.title = f"{found.edition.report.name}: {found.edition.period:%B %Y}"
    out = io.BytesIO()
    deck.save(out)
    progress(total, total)
    return out.getvalue()


def render(edition: Edition, progress: Any) -> bytes:
    return build(pack(edition), progress)
