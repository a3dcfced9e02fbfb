"""Open the report drafts due today and remind late owners (run daily, e.g. from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qls.reports.periods import parse_day
from qls.reports.schedule import run_schedule


class Command(BaseCommand):
    help = (
        "Open the draft edition of every report whose opening day has come (for the month "
        "just ended; each month once) and email owners whose narratives are due in 3 days."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today", help="Run as if today were this day (YYYY-MM-DD), to catch up."
        )
        parser.add_argument("--base-url", default="", help="The site's address, for the links.")

    def handle(self, *args, **options) -> None:
        today = None
        if options["today"]:
            try:
                today = parse_day(options["today"])
            except ValueError as error:
                raise CommandError(str(error)) from error
            if today > timezone.localdate():
                raise CommandError(f"--today {today} is in the future: choose a day that has come.")
        run = run_schedule(today=today, base_url=options["base_url"])
        for edition in run.opened:
            self.stdout.write(f"Opened {edition}.")
        for reason in run.skipped:
            self.stdout.write(f"Skipped {reason}")
        self.stdout.write(
            f"{len(run.opened)} edition{'s'[: len(run.opened) != 1]} opened, "
            f"{run.reminded} reminder{'s'[: run.reminded != 1]} sent."
        )
