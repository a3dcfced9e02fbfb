"""Sorting issues into fix, improve or change, grouping repeats, or not taking them forward."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from qls.wards.actions._common import _primary, _set_status
from qls.wards.errors import (
    IssueError,
)
from qls.wards.models import (
    Issue,
)
from qls.wards.models.issues import Category


@transaction.atomic
def categorise_issue(*, issue: Issue, category: str) -> Issue:
    """Sort an issue into fix, improve or change (or back to unsorted)."""
    if category not in Category.values:
        raise IssueError(f"Choose fix, improve or change, not {category!r}.")
    if issue.category == category:
        return issue
    followed = _follow_up(issue)
    if followed:
        raise IssueError(
            f"This issue already has {followed}; it stays a {issue.get_category_display().lower()}."
        )
    issue.category = category
    issue.categorised_at = timezone.now() if category != Category.UNCATEGORISED else None
    issue.save(update_fields=["category", "categorised_at"])
    # Duplicates travel with the issue they repeat.
    issue.duplicates.update(category=category, categorised_at=issue.categorised_at)
    return issue


def _follow_up(issue: Issue) -> str:
    if issue.actions.exists():
        return "an action"
    if issue.project_id:
        return "a QI project"
    if hasattr(issue, "escalation"):
        return "an escalation"
    return ""


@transaction.atomic
def mark_duplicate(*, issue: Issue, of: Issue | None) -> Issue:
    """Group ``issue`` under ``of`` (or ungroup with ``of=None``)."""
    if of is not None:
        if of.pk == issue.pk:
            raise IssueError("An issue cannot repeat itself.")
        if of.event_id != issue.event_id:
            raise IssueError("Group issues raised at the same event only.")
        # Always point at the first issue of a group, never at another duplicate.
        while of.duplicate_of is not None:
            of = of.duplicate_of
            if of.pk == issue.pk:
                raise IssueError("Those issues are already grouped the other way round.")
        if _follow_up(issue):
            raise IssueError(f"This issue already has {_follow_up(issue)}; it cannot be grouped.")
        issue.duplicates.update(duplicate_of=of)
        issue.category = of.category
        issue.categorised_at = of.categorised_at
        issue.status = of.status
    issue.duplicate_of = of
    issue.save(update_fields=["duplicate_of", "category", "categorised_at", "status"])
    return issue


@transaction.atomic
def set_issue_not_taken_forward(*, issue: Issue) -> Issue:
    _primary(issue)
    _set_status(issue, Issue.Status.NOT_TAKEN_FORWARD)
    return issue
