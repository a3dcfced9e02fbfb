"""What forum pages list: plain querysets, the same for every page that shows them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qls.community.forum.models import ForumCategory, ForumReport, ForumThread

WAITING_DAYS = 5  # a thread with no answer after this long is listed for the coaches


def threads() -> QuerySet[ForumThread]:
    return ForumThread.objects.select_related("category", "author", "answer")


def recent(limit: int = 5) -> list[ForumThread]:
    return list(threads().order_by("-last_activity_at", "-pk")[:limit])


def unanswered(limit: int = 5) -> list[ForumThread]:
    """Questions nobody has replied to yet, newest first."""
    return list(threads().filter(reply_count=0).order_by("-created_at", "-pk")[:limit])


def waiting_for_answer(now: dt.datetime | None = None) -> QuerySet[ForumThread]:
    """Threads with no answer marked after ``WAITING_DAYS`` days, the longest waiting first."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=WAITING_DAYS)
    return (
        threads()
        .filter(answer__isnull=True, locked_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at", "pk")
    )


def categories() -> QuerySet[ForumCategory]:
    return ForumCategory.objects.annotate(
        thread_total=Count("threads"),
        unanswered_total=Count("threads", filter=Q(threads__answer__isnull=True)),
    ).order_by("position", "name")


def for_project(project_id: int) -> QuerySet[ForumThread]:
    return threads().filter(project_id=project_id).order_by("-last_activity_at", "-pk")


def open_reports() -> QuerySet[ForumReport]:
    return (
        ForumReport.objects.filter(resolved_at__isnull=True)
        .select_related("post__thread", "post__author", "reporter")
        .order_by("created_at", "pk")
    )
