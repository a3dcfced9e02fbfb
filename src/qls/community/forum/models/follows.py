"""Following a thread or a whole category."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qls.community.forum.models.categories import ForumCategory
from qls.community.forum.models.threads import ForumThread


class ForumFollow(models.Model):
    """A person follows a thread or a whole category (exactly one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows"
    )
    thread = models.ForeignKey(
        ForumThread, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    category = models.ForeignKey(
        ForumCategory, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )

    class Meta:
        db_table = "community_forum_follow"
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True, category__isnull=False)
                | Q(thread__isnull=False, category__isnull=True),
                name="%(app_label)s_%(class)s_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="%(app_label)s_%(class)s_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="%(app_label)s_%(class)s_category_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread or self.category}"
