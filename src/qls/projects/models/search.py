"""The search document kept for each project."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from qls.core.limits import (
    SEARCH_DETAIL_MAX,
    SEARCH_SUMMARY_MAX,
    TITLE_MAX,
    text_limits,
)
from qls.projects.models.project import Project


class SearchDocument(models.Model):
    """What a project is found by in search: its words, grouped by weight.

    Derived from the project, its driver diagram, PDSA cycles and evaluation
    by ``qls.projects.search.documents.index_projects`` (so no audit history: it is an
    index, not a record anyone edits). The engine's full-text index follows
    by database trigger: an FTS5 table on SQLite, the ``vector`` column
    (GIN-indexed) on PostgreSQL, where it is otherwise always null.

    Altering this model's fields makes Django remake the table on SQLite,
    which drops its triggers: such a migration must create them again (see
    migration 0005).
    """

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField(blank=True, max_length=TITLE_MAX)
    summary = models.TextField(
        blank=True, help_text="Problem, aim, tags and place.", max_length=SEARCH_SUMMARY_MAX
    )
    detail = models.TextField(
        blank=True, help_text="Change ideas, PDSA notes and lessons.", max_length=SEARCH_DETAIL_MAX
    )
    vector = SearchVectorField(null=True, editable=False)
    # Indexed: the newest one versions cached answers such as similar projects.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            *text_limits(title=TITLE_MAX, summary=SEARCH_SUMMARY_MAX, detail=SEARCH_DETAIL_MAX)
        ]

    def __str__(self) -> str:
        return f"Search document of project {self.project_id}"
