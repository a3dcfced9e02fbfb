"""What every forum page shares: page size, the breadcrumb trail, refusals shown on a form."""

from __future__ import annotations

from django.urls import reverse

from qls.community.forum.errors import ForumError, IdentifierFound
from qls.community.views import crumbs

PAGE_SIZE = 25


def forum_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Forum", reverse("community:forum_index")), *extra)


def refused(form, error: ForumError, default: str) -> None:
    field = error.field if isinstance(error, IdentifierFound) else None
    form.add_error(field if field in form.fields else default, str(error))


def post_url(post) -> str:
    return f"{reverse('community:forum_thread', args=[post.thread_id])}#post-{post.pk}"


def thread_crumbs(post) -> list[tuple[str, str]]:
    return forum_crumbs(
        (post.thread.title, reverse("community:forum_thread", args=[post.thread_id]))
    )
