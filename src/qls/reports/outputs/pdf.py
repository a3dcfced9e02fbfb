"""An edition as an A4 landscape PDF (WeasyPrint), with vector charts and a contents page.

The parts, each from a new page: a title page (marked DRAFT until the
edition is published), the contents with page numbers, the variation by
assurance matrix, the SPC summary table by section, one page per exception
(its full SPC chart as SVG and the owner's narrative), then good news and
what changed since the previous edition. Nothing is fetched: the charts are
inline ``data:`` SVGs and the fonts are the machine's own.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString

from qls.measurement.charts.series import icon_html, icon_label
from qls.projects.poster import local_fetcher
from qls.reports import capability_page, summary
from qls.reports.models import Edition, EditionItem
from qls.reports.outputs.content import NO_NARRATIVE, TONES, Pack, pack, short_label
from qls.spc.charts import spec_to_svg

TEMPLATE = "reports/pdf/edition.html"
# A4 landscape less its 14 mm margins is some 1,015 CSS pixels wide: the chart
# is drawn at the size it prints, so its words print at their own size.
CHART_WIDTH = 980
CHART_HEIGHT = 300
ICON_SIZE = 22


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_uri(spec: dict[str, Any] | None) -> str:
    if spec is None:
        return ""
    return svg_uri(spec_to_svg({**spec, "width": CHART_WIDTH, "height": CHART_HEIGHT}))


@functools.cache
def _icon(icon: str) -> SafeString:
    """An icon and its few words. The icon is an image, one ``data:`` URL per kind of
    icon, so WeasyPrint reads each kind once (inline SVGs were parsed per row)."""
    words, colour = short_label(icon)
    if not icon:
        return format_html("<span>{}</span>", words)
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}"><span class="{}"> {}</span>',
        svg_uri(icon_html(icon, ICON_SIZE)),
        icon_label(icon),
        ICON_SIZE,
        ICON_SIZE,
        TONES[colour],
        words,
    )


def table_row(item: EditionItem) -> dict[str, Any]:
    """One row of the SPC summary table: the item and its two icons with a few words."""
    repeated = bool((item.spc_summary or {}).get("repeated_values"))
    return {
        "item": item,
        "repeated": repeated,
        "variation": _icon(item.variation_icon),
        "assurance": _icon(item.assurance_icon),
    }


def good_news_words(item: EditionItem) -> str:
    words = icon_label(item.variation_icon) if item.variation_icon else ""
    if item.assurance_icon:
        words += f"; {icon_label(item.assurance_icon).lower()}"
    return words


def html(found: Pack, progress: Any = None) -> str:
    """The edition's PDF as HTML; draws each exception's chart once."""
    charts = []
    total = len(found.exceptions) + 1
    for done, exception in enumerate(found.exceptions, start=1):
        charts.append((exception, chart_uri(exception.spec)))
        if progress:
            progress(done, total)
    edition = found.edition
    return render_to_string(
        TEMPLATE,
        {
            "pack": found,
            "edition": edition,
            "report": edition.report,
            "draft": not edition.is_published,
            "sections": [(title, [table_row(i) for i in rows]) for title, rows in found.sections],
            "exceptions": charts,
            "good_news": [(i, good_news_words(i)) for i in found.good_news],
            "no_data": summary.NO_DATA,
            "no_narrative": NO_NARRATIVE,
            "capability": capability_page.present(edition.capability),
        },
    )


def render(edition: Edition, progress: Any) -> bytes:
    from weasyprint import HTML  # lazy: heavy, and only this file needs it

    found = pack(edition)
    page = html(found, progress)
    data = bytes(HTML(string=page, url_fetcher=local_fetcher()).write_pdf())
    progress(len(found.exceptions) + 1, len(found.exceptions) + 1)
    return data
