"""Searching projects by text and filters, and what a result row shows."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch, QuerySet

from qls.projects.models import Project, ProjectMember
from qls.projects.search.filters import SearchFilters, apply_filters, with_evidence
from qls.projects.search.postgres import postgres_match
from qls.projects.search.sqlite import sqlite_match
from qls.projects.search.terms import query_terms


def search_projects(text: str = "", filters: SearchFilters | None = None) -> QuerySet[Project]:
    """Projects matching ``text`` (all words, any order) and ``filters``, best first.

    With no text the newest registrations come first. Each project carries
    ``search_rank`` (higher is better, 0 without text) for display; the
    queryset can be paged, counted and exported like any other.
    """
    projects = apply_filters(Project.objects.all(), filters or SearchFilters())
    terms = query_terms(text)
    if not terms:
        return projects.order_by("-created_at", "-pk")
    if connection.vendor == "postgresql":
        return postgres_match(projects, terms)
    return sqlite_match(projects, terms)


def for_display(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What a list row shows (place, aims, lead, evidence, confirmed progress score),
    in a fixed number of queries."""
    from qls.projects.scores import with_progress_score

    leads = ProjectMember.objects.filter(role=ProjectMember.Role.LEAD).select_related("staff")
    if "progress_score" not in projects.query.annotations:
        projects = with_progress_score(projects)
    return (
        projects.select_related("site", "ward", "specialty")
        .prefetch_related("strategic_aims", Prefetch("members", queryset=leads, to_attr="leads"))
        .annotate(has_evidence=with_evidence())
    )
