"""Forum notifications for one person, and how they want them by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from qls.community.forum.models.posts import ForumPost
from qls.community.forum.models.threads import ForumThread


class ForumNotification(models.Model):
    """Something in the forum for one person: the bell counts the unread ones."""

    class Kind(models.TextChoices):
        MENTION = "mention", "mentioned you"
        REPLY = "reply", "replied"
        THREAD = "thread", "started a thread"
        ANSWER = "answer", "marked an answer"
        HIDDEN = "hidden", "hid your post"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        ForumPost, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        db_table = "community_forum_notification"
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "user"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in thread {self.thread_id}"


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", "Email each notification as it happens"
    DAILY = "daily", "One email a day with the day's notifications"
    NONE = "none", "No email: notifications in QLS only"


class ForumSetting(models.Model):
    """How one person wants forum notifications by email (immediately unless they say)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_setting"
    )
    email = models.CharField(max_length=10, choices=EmailChoice.choices)

    class Meta:
        db_table = "community_forum_setting"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"
