"""What a page needs to show one chart: the spec, words, a table and downloads.

Every chart in QLS is drawn the same way (``core/_chart.html``): a Vega-Lite
spec rendered in the browser by vega-embed, a sentence that says what the
chart shows (the text alternative), the numbers as a table for screen
readers and for people who want them, and links to download the data and
the image. Views build a :class:`Chart`; the template does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


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
