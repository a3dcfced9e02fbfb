"""What the PDF and the deck show, read once from an edition's frozen snapshot.

Both files are built from one :class:`Pack`: the items (with their owners and
narratives, in one query), the summary matrix, the SPC summary table by
section, the exceptions with their chart specs, good news and what changed.
Each exception's chart spec is built here once, by the same measurement
chart code as the web edition; each renderer draws it in its own medium
(vector SVG in the PDF, a PNG in the deck).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qls.measurement.charts.series import icon_label
from qls.reports import summary
from qls.reports.models import Edition, EditionItem, ItemKind, Narrative
from qls.spc.icons_svg import INK

NO_NARRATIVE = "Narrative not yet written"
NOT_WRITTEN = "Not yet written"
QUESTIONS = (  # the narrative form's own words
    ("chart_shows", "What the chart shows"),
    ("why", "Why"),
    ("actions", "Actions, with dates"),
    ("expected", "When improvement is expected"),
)

# A word or two for each icon, where a picture cannot go (a slide's table
# cell), in a darker shade of the icon's colour that reads at 4.5:1 or more
# on white (the icons' own light blue and grey do not). The meaning matches
# ICON_LABELS.
IMPROVEMENT_TEXT = "#005EB8"
CONCERN_TEXT = "#A84300"
NEITHER_TEXT = "#7030A0"
COMMON_TEXT = "#4C6272"
SHORT_LABELS: dict[str, tuple[str, str]] = {
    "common_cause": ("Common cause", COMMON_TEXT),
    "special_cause_improvement_high": ("Improvement (high)", IMPROVEMENT_TEXT),
    "special_cause_improvement_low": ("Improvement (low)", IMPROVEMENT_TEXT),
    "special_cause_concern_high": ("Concern (high)", CONCERN_TEXT),
    "special_cause_concern_low": ("Concern (low)", CONCERN_TEXT),
    "special_cause_neutral_high": ("Neither (high)", NEITHER_TEXT),
    "special_cause_neutral_low": ("Neither (low)", NEITHER_TEXT),
    "consistent_pass": ("Passing", IMPROVEMENT_TEXT),
    "consistent_fail": ("Failing", CONCERN_TEXT),
    "inconsistent": ("Hit and miss", COMMON_TEXT),
}
TONES = {  # the PDF's class for each colour of words
    IMPROVEMENT_TEXT: "tone-improvement",
    CONCERN_TEXT: "tone-concern",
    NEITHER_TEXT: "tone-neither",
    COMMON_TEXT: "tone-common",
    INK: "tone-ink",
}


def short_label(icon: str) -> tuple[str, str]:
    """(words, colour) for an icon; no icon reads a dash, in ink."""
    return SHORT_LABELS.get(icon, ("\u2013", INK))


@dataclass
class ExceptionPage:
    """One exception: its item, its chart spec (None with no data) and its narrative."""

    item: EditionItem
    spec: dict[str, Any] | None
    description: str
    narrative: Narrative | None

    @property
    def title(self) -> str:
        return f"{self.item.metric_name} at {self.item.org_unit_name}"

    @property
    def owner(self) -> str:
        return self.item.owner.full_name if self.item.owner else "not named"

    @property
    def icons_text(self) -> str:
        words = icon_label(self.item.variation_icon) if self.item.variation_icon else ""
        if self.item.assurance_icon:
            words += f"; {icon_label(self.item.assurance_icon).lower()}"
        return words

    def answers(self) -> list[tuple[str, str]]:
        """The narrative's four questions and answers ("Not yet written" where blank)."""
        n = self.narrative
        if n is None:
            return []
        return [(question, getattr(n, name) or NOT_WRITTEN) for name, question in QUESTIONS]


@dataclass
class Pack:
    edition: Edition
    items: list[EditionItem]
    matrix: summary.Matrix
    sections: list[tuple[str, list[EditionItem]]]
    exceptions: list[ExceptionPage]
    good_news: list[EditionItem]
    changes: summary.Changes
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        words = str(self.edition.get_status_display())
        if self.edition.version > 1:
            words += f", version {self.edition.version}"
        return words


def pack(edition: Edition) -> Pack:
    """Everything the files show, from the edition's items only (no live data)."""
    items = list(
        edition.items.select_related("metric", "owner", "narrative").order_by(
            "section_order", "order"
        )
    )
    exceptions = []
    for item in items:
        if item.kind != ItemKind.EXCEPTION:
            continue
        spec, description = None, ""
        if item.has_data:
            drawn = summary.chart(item)
            spec, description = dict(drawn.spec), drawn.description
            spec.pop("title", None)  # the page or slide heading names the chart
        exceptions.append(ExceptionPage(item, spec, description, getattr(item, "narrative", None)))
    return Pack(
        edition=edition,
        items=items,
        matrix=summary.matrix(items),
        sections=summary.sections(items),
        exceptions=exceptions,
        good_news=[i for i in items if i.kind == ItemKind.IMPROVEMENT],
        changes=summary.changes(edition, items),
    )
