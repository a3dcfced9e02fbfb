"""Rebuild every project's search document (after a bulk load or a restore)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qls.projects.search.documents import index_projects


class Command(BaseCommand):
    help = "Rebuild the full-text search documents of every QI project."

    def handle(self, *args: Any, **options: Any) -> None:
        count = index_projects()
        if options["verbosity"]:
            self.stdout.write(f"Indexed {count:,} projects for search.")
