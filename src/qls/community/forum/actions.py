"""Writes in the forum: keyword-only, atomic, refusing with a ``ForumError``.

Every text is screened for patient identifiers here as well as in the forms,
so no way in (a form, the demo, a script) stores one.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from qls.community.forum import access
from qls.community.forum.errors import (
    AlreadyReported,
    ForumError,
    IdentifierFound,
    NotAllowed,
    NotAReply,
    ThreadLocked,
)
from qls.community.forum.mentions import mentioned_users
from qls.community.forum.models import (
    ForumCategory,
    ForumFollow,
    ForumNotification,
    ForumPost,
    ForumReport,
    ForumRevision,
    ForumThread,
)
from qls.community.forum.notifications import notify
from qls.core.screening import message_for

Kind = ForumNotification.Kind


def _screen(**fields: str) -> None:
    for field, value in fields.items():
        if message := message_for(value, field.replace("_", " ")):
            raise IdentifierFound(field, message)


def _follow_thread(user, thread: ForumThread) -> None:
    ForumFollow.objects.get_or_create(user=user, thread=thread)


@transaction.atomic
def start_thread(
    *, category: ForumCategory, title: str, body: str, by, project=None
) -> ForumThread:
    """Open a thread; its author follows it; category followers and mentioned people hear."""
    _screen(title=title, body=body)
    now = timezone.now()
    thread = ForumThread.objects.create(
        category=category,
        title=title.strip(),
        author=by,
        project=project,
        created_at=now,
        last_activity_at=now,
    )
    post = ForumPost.objects.create(thread=thread, author=by, body=body, opening=True)
    _follow_thread(by, thread)
    followers = [
        (f.user, Kind.THREAD)
        for f in ForumFollow.objects.filter(category=category).select_related("user")
    ]
    notify(
        recipients=[*((u, Kind.MENTION) for u in mentioned_users(body)), *followers],
        post=post,
        actor=by,
    )
    return thread


@transaction.atomic
def reply(*, thread: ForumThread, body: str, by) -> ForumPost:
    """Add a reply; the replier follows the thread; followers and mentioned people hear."""
    thread = ForumThread.objects.select_for_update().get(pk=thread.pk)
    if thread.is_locked:
        raise ThreadLocked("This thread is locked: it takes no more replies.")
    _screen(body=body)
    post = ForumPost.objects.create(thread=thread, author=by, body=body)
    ForumThread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=post.created_at
    )
    followers = [
        (f.user, Kind.REPLY)
        for f in ForumFollow.objects.filter(thread=thread).select_related("user")
    ]
    notify(
        recipients=[*((u, Kind.MENTION) for u in mentioned_users(body)), *followers],
        post=post,
        actor=by,
    )
    _follow_thread(by, thread)
    return post


@transaction.atomic
def edit_post(*, post: ForumPost, body: str, by) -> ForumPost:
    """Change a post's text, keeping the old text in its edit history."""
    if not access.can_edit(by, post):
        raise NotAllowed("Only the author of a post, or a moderator, may edit it.")
    if post.thread.is_locked and not access.is_moderator(by):
        raise ThreadLocked("This thread is locked: its posts can no longer be edited.")
    _screen(body=body)
    if body == post.body:
        return post
    now = timezone.now()
    ForumRevision.objects.create(post=post, body=post.body, edited_by=by, edited_at=now)
    post.body = body
    post.edited_at = now
    post.save(update_fields=["body", "edited_at"])
    return post


@transaction.atomic
def mark_answer(*, thread: ForumThread, post: ForumPost, by) -> ForumThread:
    """The thread's author, or a moderator, marks a reply as its answer."""
    if not access.can_mark_answer(by, thread):
        raise NotAllowed("Only the person who asked, or the improvement team, marks the answer.")
    if post.thread_id != thread.pk or post.opening or post.is_hidden:
        raise NotAReply("Only a visible reply in this thread can be its answer.")
    thread.answer = post
    thread.answered_by = by
    thread.save(update_fields=["answer", "answered_by"])
    notify(recipients=[(post.author, Kind.ANSWER)], post=post, actor=by)
    return thread


@transaction.atomic
def hide_post(*, post: ForumPost, reason: str, by) -> ForumPost:
    """A moderator hides a post; its author sees it with the reason, others see that it was."""
    if not access.is_moderator(by):
        raise NotAllowed("Only the improvement team can hide a post.")
    reason = (reason or "").strip()
    if not reason:
        raise IdentifierFound("reason", "Enter the reason the post is hidden.")
    _screen(reason=reason)
    post.hidden_at = timezone.now()
    post.hidden_by = by
    post.hidden_reason = reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    ForumReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=post.hidden_at
    )
    thread = post.thread
    if thread.answer_id == post.pk:
        thread.answer = None
        thread.answered_by = None
        thread.save(update_fields=["answer", "answered_by"])
    notify(recipients=[(post.author, Kind.HIDDEN)], post=post, actor=by)
    return post


@transaction.atomic
def show_post(*, post: ForumPost, by) -> ForumPost:
    """A moderator puts a hidden post back."""
    if not access.is_moderator(by):
        raise NotAllowed("Only the improvement team can show a hidden post again.")
    post.hidden_at = None
    post.hidden_by = None
    post.hidden_reason = ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return post


@transaction.atomic
def set_locked(*, thread: ForumThread, locked: bool, by) -> ForumThread:
    if not access.is_moderator(by):
        raise NotAllowed("Only the improvement team can lock or unlock a thread.")
    thread.locked_at = timezone.now() if locked else None
    thread.locked_by = by if locked else None
    thread.save(update_fields=["locked_at", "locked_by"])
    return thread


@transaction.atomic
def report_post(*, post: ForumPost, reason: str, by) -> ForumReport:
    """Ask the moderators to look at a post (once per person and post)."""
    reason = (reason or "").strip()
    if not reason:
        raise IdentifierFound("reason", "Enter why the post should be looked at.")
    _screen(reason=reason)
    if ForumReport.objects.filter(post=post, reporter=by).exists():
        raise AlreadyReported("You have already reported this post; a moderator will look at it.")
    return ForumReport.objects.create(post=post, reporter=by, reason=reason)


@transaction.atomic
def remove_category(*, category: ForumCategory) -> None:
    """Remove a category nobody has posted in; one with threads is refused, and kept."""
    with transaction.atomic():
        count = category.threads.count()
        if count:
            raise ForumError(
                f"{category.name} holds {count} thread{'s' if count != 1 else ''}, "
                "so it cannot be removed: threads keep their category for good."
            )
        category.delete()


def set_following(*, user, thread: ForumThread | None = None, category=None, on: bool) -> bool:
    """Follow or stop following a thread or a category; returns whether now following."""
    target = {"thread": thread} if thread is not None else {"category": category}
    if on:
        ForumFollow.objects.get_or_create(user=user, **target)
    else:
        ForumFollow.objects.filter(user=user, **target).delete()
    return on


def mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark ``user``'s notifications read (those in ``ids``, or all)."""
    unread = ForumNotification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
