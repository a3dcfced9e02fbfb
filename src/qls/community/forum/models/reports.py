"""Reports asking the moderators to look at a post."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from qls.community.forum.models._common import REASON_MAX
from qls.community.forum.models.posts import ForumPost
from qls.core.screening import validate_no_patient_identifiers


class ForumReport(models.Model):
    """Someone asked the moderators to look at a post."""

    post = models.ForeignKey(ForumPost, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=REASON_MAX, validators=[validate_no_patient_identifiers])
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        db_table = "community_forum_report"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], name="%(app_label)s_%(class)s_once_each"
            )
        ]

    def __str__(self) -> str:
        return f"Report of post {self.post_id}"
