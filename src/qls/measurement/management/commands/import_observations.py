"""manage.py import_observations FILE [--kind aggregated|record] [--metric CODE]

Imports a file of observations in this process, printing progress and, if
the file is refused, every problem by line; exits non-zero on failure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from qls.measurement.importing import FileProblem, import_path
from qls.measurement.models import ImportKind, ImportStatus, Metric

MAX_PRINTED = 200


class Command(BaseCommand):
    help = "Import aggregated observations or a record-level extract (CSV, XLSX or Parquet)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind",
            choices=["aggregated", "record"],
            default=None,
            help="aggregated (default) or record; --metric implies record",
        )
        parser.add_argument("--metric", help="Metric code a record-level extract is for")
        parser.add_argument("--user", help="User name recorded as the importer")
        parser.add_argument(
            "--no-spc", action="store_true", help="Leave SPC for a later recompute_spc"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"] or ("record" if options["metric"] else "aggregated")
        metric = None
        if kind == "record":
            if not options["metric"]:
                raise CommandError("A record-level import needs --metric CODE.")
            metric = Metric.objects.filter(code=options["metric"]).first()
            if metric is None:
                raise CommandError(f"No metric has the code {options['metric']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user is called {options['user']!r}.")
        last = [-1]

        def progress(percent: int, message: str) -> None:
            if percent != last[0]:
                last[0] = percent
                self.stdout.write(f"{percent:3d}%  {message}")

        try:
            imp = import_path(
                options["file"],
                kind=ImportKind(kind),
                metric=metric,
                by=user,
                progress=progress,
                recompute=not options["no_spc"],
            )
        except FileProblem as problem:
            raise CommandError(problem.message) from problem
        if imp.status != ImportStatus.SUCCEEDED:
            for row in imp.rejected_rows[:MAX_PRINTED]:
                where = f"Line {row['line']}: " if row.get("line") else ""
                self.stderr.write(f"{where}{row['reason']}")
            if imp.rows_rejected > MAX_PRINTED:
                self.stderr.write(f"… {imp.rows_rejected - MAX_PRINTED:,} more rejected rows")
            raise CommandError(f"Import {imp.pk} failed: {imp.error} Nothing was written.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Import {imp.pk}: {imp.rows_in:,} rows read, {imp.rows_out:,} observations saved."
            )
        )
