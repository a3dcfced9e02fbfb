"""What a page needs to show one chart: the spec, words, a table and downloads.

Every chart in QLS is drawn the same way (``core/_chart.html``): a Vega-Lite
spec rendered in the browser by vega-embed, a sentence that says what the
chart shows (the text alternative), the numbers as a table for screen
readers and for people who want them, and links to download the data and
the image. Views build a :class:`Chart`; the template does the rest.

A page of many charts gives each chart a ``spec_url`` and a ``table_url``
instead of the spec and rows: the page then carries only the words and the
links, ``qls/charts.js`` fetches a spec when its chart comes near the
viewport, and the table is fetched when its ``<details>`` is opened. A chart
with a spec inline is drawn the same lazy way.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import dateformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in django-stubs
from django.utils.translation import get_language


@functools.lru_cache(maxsize=8192)
def _date_text(day: dt.date, date_format: str, language: str | None) -> str:
    # Series share their periods (every weekly series has the same Mondays),
    # and formatting a date is the slow part of a data table.
    return html.escape(dateformat.format(day, date_format))


@dataclass
class Chart:
    id: str  # unique on the page; used for the DOM ids
    title: str
    spec: dict[str, Any]
    description: str  # one or two sentences: what the chart shows and what it means
    headers: Sequence[str] = ()
    rows: Sequence[Sequence[Any]] = ()
    downloads: Sequence[tuple[str, str]] = field(default_factory=list)  # (label, url)
    table_summary: str = "Show the data as a table"
    spec_url: str = ""  # fetch the spec from here instead of inlining ``spec``
    table_url: str = ""  # fetch the table from here when it is opened, instead of ``rows``
    # The numbered markers' key (qls.spc.charts.event_key): number, label, x_label, kind.
    key: Sequence[Mapping[str, Any]] = ()

    @property
    def spec_id(self) -> str:
        return f"{self.id}-spec"

    def table_rows_html(self) -> SafeString:
        """The data table's body rows, rendered as the template engine would render
        each cell (localised, escaped). Built here rather than in a template loop:
        a weekly series has hundreds of cells and the loop costs tens of milliseconds.
        Cells carry no class: NHS.UK frontend styles a plain ``td`` the same as
        ``nhsuk-table__cell``, and a 30-chart dashboard saves a third of its bytes."""
        date_format = get_format("DATE_FORMAT")  # once, not per cell: the lookup is slow
        language = get_language()
        # Numbers print as Python prints them unless the locale groups digits
        # or uses a decimal comma; then they go through localize like the template.
        plain_numbers = (
            not settings.USE_THOUSAND_SEPARATOR and get_format("DECIMAL_SEPARATOR") == "."
        )
        parts = []
        for row in self.rows:
            parts.append("<tr>")
            for cell in row:
                kind = type(cell)
                if cell is None:
                    text = ""
                elif kind is str:
                    text = html.escape(cell)
                elif plain_numbers and (kind is float or kind is int):
                    text = str(cell)
                elif kind is dt.date:
                    text = _date_text(cell, date_format, language)
                else:
                    text = conditional_escape(localize(template_localtime(cell)))
                parts.append(f"<td>{text}</td>")
            parts.append("</tr>")
        return mark_safe("".join(parts))  # every cell escaped above
