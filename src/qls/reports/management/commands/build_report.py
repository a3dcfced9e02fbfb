"""``manage.py build_report REPORT_SLUG --period YYYY-MM --format pdf|pptx|xlsx --out FILE``.

Writes an edition's file from the command line. The edition is the latest
version for that month; a published one is written as it was frozen (its
stored file when one is kept). When the month has no edition yet, one is
opened as a draft, recorded as opened by the acting user: ``--as USERNAME``,
or else the person who defined the report.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from qls.reports import outputs, workflow
from qls.reports.errors import ReportError
from qls.reports.models import Edition, EditionFile, Report
from qls.reports.periods import parse_month


class NoData(CommandError):
    """The month has no data for any metric of the report."""


class Command(BaseCommand):
    help = (
        "Write a report's edition for a month as a PDF, PowerPoint deck or XLSX file, "
        "opening the edition first if the month has none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", metavar="REPORT_SLUG", help="The report's short name.")
        parser.add_argument("--period", required=True, help="The month, as YYYY-MM.")
        parser.add_argument("--format", required=True, dest="code", help="pdf, pptx or xlsx.")
        parser.add_argument("--out", required=True, type=Path, help="The file to write.")
        parser.add_argument(
            "--as",
            dest="username",
            help="Who opens the edition if it does not exist yet (default: the report's author).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = _report(options["report"])
        try:
            period = parse_month(options["period"])
            fmt = outputs.get_format(options["code"])
        except (ReportError, outputs.UnknownFormat) as error:
            raise CommandError(str(error)) from None
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"Cannot write {out}: the folder {out.parent} does not exist.")

        edition = Edition.objects.filter(report=report, period=period).order_by("-version").first()
        if edition is None:
            by = _acting_user(report, options["username"])
            try:
                with transaction.atomic():
                    edition = workflow.open_edition(report=report, period=period, by=by)
                    _refuse_without_data(edition)
            except ReportError as error:
                raise CommandError(str(error)) from None
            self.stderr.write(f"Opened a draft edition of {edition}.")
        else:
            _refuse_without_data(edition)

        data = _stored(edition, fmt.code) or outputs.render(edition, fmt.code)
        _write(out, data)
        self.stdout.write(f"Wrote {out} ({len(data):,} bytes): {edition}, {fmt.label}.")


def _report(slug: str) -> Report:
    report = Report.objects.filter(slug=slug).first()
    if report is None:
        known = ", ".join(Report.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"No report called “{slug}”. Known reports: {known or 'none yet'}.")
    return report


def _acting_user(report: Report, username: str | None) -> Any:
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called “{username}” (given with --as).")
        return user
    if report.created_by is None:
        raise CommandError(
            f"{report.name} has no recorded author to open the edition as: name a user with --as."
        )
    return report.created_by


def _refuse_without_data(edition: Edition) -> None:
    if not any(item.has_data for item in edition.items.all()):
        raise NoData(
            f"{edition.report.name} has no data for {edition.period:%B %Y}: none of its "
            "metrics has a point up to the cut-off. Nothing was written."
        )


def _stored(edition: Edition, code: str) -> bytes | None:
    """A published edition's kept file, so the command writes what readers download."""
    if not edition.is_published:
        return None
    kept = EditionFile.objects.filter(edition=edition, format=code).first()
    if kept is None or not kept.ready:
        return None
    with kept.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _write(out: Path, data: bytes) -> None:
    """Write the whole file or nothing: to a temporary file beside it, then renamed."""
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
