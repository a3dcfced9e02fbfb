"""Helpers the issue follow-up actions share: a group's status, and refusing repeats."""

from __future__ import annotations

from qls.wards.errors import (
    IssueError,
)
from qls.wards.models import (
    Issue,
)


def _with_duplicates(issue: Issue):
    return Issue.objects.filter(pk=issue.pk) | Issue.objects.filter(duplicate_of=issue)


def _set_status(issue: Issue, status: str) -> None:
    _with_duplicates(issue).update(status=status)
    issue.status = status


def _primary(issue: Issue) -> Issue:
    if issue.duplicate_of_id:
        raise IssueError(
            "This issue repeats another one: follow up the first issue of the group instead."
        )
    return issue
