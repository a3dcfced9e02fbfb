"""What a page needs to show one chart: the spec, words, a table and downloads.

Every chart in QLS is drawn the same way (``core/_chart.html``): a Vega-Lite
spec rendered in the browser by vega-embed, a sentence that says what the
chart shows (the text alternative), the numbers as a table for screen
readers and for people who want them, and links to download the data and
the image. Views build a :class:`Chart`; the template does the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import dateformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime


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

    @property
    def spec_id(self) -> str:
        return f"{self.id}-spec"

    def table_rows_html(self) -> SafeString:
        """The data table's body rows, rendered as the template engine would render
        each cell (localised, escaped). Built here rather than in a template loop:
        a weekly series has hundreds of cells and the loop costs tens of milliseconds."""
        cell_open, cell_close = '<td class="nhsuk-table__cell">', "</td>"
        date_format = get_format("DATE_FORMAT")  # once, not per cell: the lookup is slow
        parts = []
        for row in self.rows:
            parts.append('<tr class="nhsuk-table__row">')
            for cell in row:
                if cell is None:
                    text = ""
                elif type(cell) is dt.date:
                    text = conditional_escape(dateformat.format(cell, date_format))
                else:
                    text = conditional_escape(localize(template_localtime(cell)))
                parts.append(f"{cell_open}{text}{cell_close}")
            parts.append("</tr>")
        return mark_safe("".join(parts))  # every cell escaped above
