"""Forum notifications: the bell in the header, and email as each person chooses.

A notification is made for each person once per post, whatever the reasons
(a mention outranks a reply to a followed thread). Email follows the
person's ``ForumSetting``: immediately (the default, sent once the post is
committed), a daily digest (``send_daily_digests``, a Huey periodic task),
or none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qls.community.forum.models import EmailChoice, ForumNotification, ForumPost, ForumSetting

DIGEST_SUBJECT = "Your QLS forum notifications"


def email_choice(user) -> str:
    setting = ForumSetting.objects.filter(user=user).first()
    return setting.email if setting else EmailChoice.IMMEDIATE


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return ForumNotification.objects.filter(user=user, read_at__isnull=True).count()


def _base_url() -> str:
    return (getattr(settings, "QLS_BASE_URL", "") or "http://localhost:8000").rstrip("/")


def link(notification: ForumNotification) -> str:
    url = reverse("community:forum_thread", args=[notification.thread_id])
    return f"{url}#post-{notification.post_id}" if notification.post_id else url


def sentence(notification: ForumNotification) -> str:
    who = str(notification.actor) if notification.actor else "Someone"
    return f"{who} {notification.get_kind_display()}: {notification.thread.title}"


def notify(
    *,
    recipients: Iterable[tuple[Any, str]],
    post: ForumPost,
    actor,
) -> list[ForumNotification]:
    """One notification per person in ``recipients`` ((user, kind), first kind wins),
    never to the actor; emails go out after commit to those who want them at once."""
    chosen: dict[int, tuple[Any, str]] = {}
    for user, kind in recipients:
        if user is None or user.pk == actor.pk or user.pk in chosen:
            continue
        chosen[user.pk] = (user, kind)
    made = ForumNotification.objects.bulk_create(
        ForumNotification(user=user, kind=kind, thread=post.thread, post=post, actor=actor)
        for user, kind in chosen.values()
    )
    immediate = set(
        ForumSetting.objects.filter(user_id__in=chosen).exclude(email=EmailChoice.IMMEDIATE)
        .values_list("user_id", flat=True)
    )  # fmt: skip
    for note in made:
        if note.user_id not in immediate and note.user.email:
            transaction.on_commit(partial(_send_now, note.pk))
    return made


def _send_now(notification_id: int) -> None:
    note = (
        ForumNotification.objects.select_related("user", "thread", "actor")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if note is None:
        return
    body = f"{sentence(note)}\n\n{_base_url()}{link(note)}\n"
    send_mail(sentence(note)[:150], body, settings.DEFAULT_FROM_EMAIL, [note.user.email])
    ForumNotification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def send_daily_digests() -> int:
    """One email to each person on the daily digest listing what they have not been sent."""
    daily = ForumSetting.objects.filter(email=EmailChoice.DAILY).values_list("user_id", flat=True)
    pending = (
        ForumNotification.objects.filter(user_id__in=daily, emailed_at__isnull=True)
        .select_related("user", "thread", "actor")
        .order_by("user_id", "created_at", "pk")
    )
    by_user: dict[int, list[ForumNotification]] = defaultdict(list)
    for note in pending:
        by_user[note.user_id].append(note)
    sent = 0
    for notes in by_user.values():
        user = notes[0].user
        if user.email:
            lines = [f"- {sentence(n)}\n  {_base_url()}{link(n)}" for n in notes]
            body = "Since your last digest:\n\n" + "\n".join(lines) + "\n"
            send_mail(DIGEST_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        ForumNotification.objects.filter(pk__in=[n.pk for n in notes]).update(
            emailed_at=timezone.now()
        )
    return sent
