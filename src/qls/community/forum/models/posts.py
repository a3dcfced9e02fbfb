"""Forum posts in Markdown, and the earlier text each edit replaced."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from qls.community.forum.models._common import REASON_MAX
from qls.community.forum.models.threads import ForumThread
from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers


class ForumPost(models.Model):
    """The opening post of a thread or a reply, in Markdown."""

    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    body = models.TextField(max_length=LONG_TEXT_MAX, validators=[validate_no_patient_identifiers])
    opening = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(
        max_length=REASON_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )
    # PostgreSQL only: the thread's title (A) and the body (B), set by trigger.
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        db_table = "community_forum_post"
        indexes = [models.Index(fields=["thread", "created_at"])]
        constraints = [
            *text_limits(body=LONG_TEXT_MAX),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="%(app_label)s_%(class)s_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in thread {self.thread_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ForumRevision(models.Model):
    """The text a post had before one edit, who edited it and when."""

    post = models.ForeignKey(ForumPost, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(max_length=LONG_TEXT_MAX)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-edited_at", "-pk"]
        db_table = "community_forum_revision"
        constraints = [*text_limits(body=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return f"Post {self.post_id} before {self.edited_at:%Y-%m-%d %H:%M}"
