"""An edition's downloadable files: the PDF, the PowerPoint deck and the XLSX summary table.

Each format has a module with ``render(edition, progress) -> bytes``. All
read only the edition's frozen snapshot (its items and narratives), never
live data, so a file built today and one built next year are the same.
``progress(done, total)`` is called as the work goes, for the job's
progress bar.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify

from qls.reports.models import Edition

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Format:
    code: str
    label: str
    content_type: str
    module: str


FORMATS: dict[str, Format] = {
    f.code: f
    for f in (
        Format("pdf", "PDF (A4 landscape)", "application/pdf", "pdf"),
        Format(
            "pptx",
            "PowerPoint deck",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "deck",
        ),
        Format(
            "xlsx",
            "Excel summary table",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    )
}


class UnknownFormat(ValueError):
    pass


def get_format(code: str) -> Format:
    try:
        return FORMATS[code]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise UnknownFormat(f"Unknown format “{code}”: choose one of {choices}.") from None


def _quiet(done: int, total: int) -> None:
    return None


def render(edition: Edition, code: str, progress: Progress | None = None) -> bytes:
    """The edition's file in format ``code``, built from its frozen snapshot."""
    fmt = get_format(code)
    module = importlib.import_module(f"qls.reports.outputs.{fmt.module}")
    data: bytes = module.render(edition, progress or _quiet)
    return data


def filename(edition: Edition, code: str) -> str:
    """``board-quality-report-2026-03.pdf``; a correction adds ``-v2``."""
    stem = f"{edition.report.slug}-{edition.period:%Y-%m}"
    if edition.version > 1:
        stem += f"-v{edition.version}"
    return f"{slugify(stem)}.{get_format(code).code}"
