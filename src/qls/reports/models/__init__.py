"""Board and committee reports: definitions, editions with frozen data, narratives.

- ``Report`` is a definition: a name, an audience, an executive lead who
  approves, and ordered ``Section`` rows. A section is a quality domain, a
  CQC key question or a strategic aim, and lists ``SectionMetric`` rows: a
  metric at a level (trust, a site, a ward) with the person who owns it.
- ``Edition`` is the report at a month's cut-off. Opening one freezes the
  SPC result of every section metric as it stood then into ``EditionItem``
  rows (points, limits, icons, target), so a later import or rebase never
  changes what the board read. A correction of a published edition is a new
  edition (``version`` + 1, ``correction_of``, a reason); both are kept.
- ``Narrative`` is an owner's account of an exception (or, optionally, of
  good news).

- ``EditionFile`` is an edition's PDF, deck or spreadsheet, built by a
  background job and kept in storage, so an edition stays one row per version.

Every model is imported here so Django finds them, with ``EditionStatus`` and
``ItemKind`` (read across the app) and ``edition_file_path`` (named by a
migration).
"""

from qls.reports.models.edition import Edition, EditionStatus
from qls.reports.models.edition_file import EditionFile, edition_file_path
from qls.reports.models.edition_item import EditionItem, ItemKind
from qls.reports.models.narrative import Narrative, NarrativeReminder
from qls.reports.models.report import Report
from qls.reports.models.section import Section
from qls.reports.models.section_metric import SectionMetric

__all__ = [
    "Edition",
    "EditionFile",
    "EditionItem",
    "EditionStatus",
    "ItemKind",
    "Narrative",
    "NarrativeReminder",
    "Report",
    "Section",
    "SectionMetric",
    "edition_file_path",
]
