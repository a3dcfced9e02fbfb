"""Who may do what to a forum thread or post (one check per object type)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from qls.community.forum.models import ForumPost, ForumThread
from qls.community.forum.permissions import MODERATE, POST, VIEW


def is_moderator(user) -> bool:
    return user.has_perm(MODERATE)


def can_edit(user, post: ForumPost) -> bool:
    return post.author_id == user.pk or is_moderator(user)


def can_mark_answer(user, thread: ForumThread) -> bool:
    return thread.author_id == user.pk or is_moderator(user)


def can_see_body(user, post: ForumPost) -> bool:
    """A hidden post's text is for its author and the moderators only."""
    return not post.is_hidden or post.author_id == user.pk or is_moderator(user)


def get_thread(request: HttpRequest, pk: int, *, to_post: bool = False) -> ForumThread:
    """The thread, if the person may read it (and post, with ``to_post``)."""
    if not request.user.has_perm(POST if to_post else VIEW):
        raise PermissionDenied
    try:
        return ForumThread.objects.select_related("category", "author", "project").get(pk=pk)
    except ForumThread.DoesNotExist:
        raise Http404 from None


def get_post(request: HttpRequest, pk: int) -> ForumPost:
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    try:
        return ForumPost.objects.select_related("thread", "author").get(pk=pk)
    except ForumPost.DoesNotExist:
        raise Http404 from None
