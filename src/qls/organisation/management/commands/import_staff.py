"""``manage.py import_staff FILE``: load an ESR-style staff extract (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qls.organisation.errors import StaffImportError
from qls.organisation.staff_import.importing import import_staff
from qls.organisation.staff_import.report import format_error, format_report


class Command(BaseCommand):
    help = (
        "Import staff from an ESR-style CSV or XLSX extract. All-or-nothing: a file with "
        "any problem is refused (exit status 2) with a list of problems by line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", help="Username to record in the audit history as the importer."
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        by = None
        if options["user"]:
            by = get_user_model().objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"No user called {options['user']!r}.", returncode=2)
        try:
            with path.open("rb") as handle:
                result = import_staff(handle, filename=path.name, by=by)
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}", returncode=2) from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a directory, not a file.", returncode=2) from None
        except StaffImportError as exc:
            raise CommandError("\n".join(format_error(exc)), returncode=2) from exc
        for line in format_report(result):
            self.stdout.write(line)
