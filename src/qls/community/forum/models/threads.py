"""Forum threads: a question or discussion and its state (answered, locked)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from qls.community.forum.models.categories import ForumCategory
from qls.core.limits import TITLE_MAX
from qls.core.screening import validate_no_patient_identifiers


class ForumThread(models.Model):
    """A question or discussion, opened by its first post."""

    category = models.ForeignKey(ForumCategory, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads"
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_threads",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    reply_count = models.PositiveIntegerField(default=0)
    answer = models.ForeignKey(
        "ForumPost", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        db_table = "community_forum_thread"
        permissions = [
            ("moderate_forum", "Can hide posts, lock threads and mark any answer"),
            ("view_unanswered_threads", "Can see the list of threads waiting for an answer"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_answered(self) -> bool:
        return self.answer_id is not None
