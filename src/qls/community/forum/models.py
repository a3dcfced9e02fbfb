"""Models of the community's forum (app label ``community``).

Categories are set by the improvement team; a thread opens with its first
post and gathers replies. Posts are Markdown, rendered by ``markdown.render``
and never stored as HTML. Each edit keeps the text it replaced
(``ForumRevision``); a hidden post keeps its text for its author and the
moderators, with the reason shown to its author.

Search reads the ``search`` column on PostgreSQL (a weighted tsvector set by
trigger) or the FTS5 table ``community_forum_fts`` on SQLite, both created in
the migration (see ``forum.search``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers

REASON_MAX = 500


class ForumCategory(models.Model):
    """A place to ask: QI tools, measurement and SPC, a strategic aim, a site."""

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        AIM = "aim", "Strategic aim"
        SITE = "site", "Site"

    name = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(
        max_length=REASON_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TOPIC)
    aim = models.ForeignKey(
        "organisation.StrategicAim", on_delete=models.PROTECT, null=True, blank=True
    )
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        db_table = "community_forum_category"

    def __str__(self) -> str:
        return self.name


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
