"""One post: editing it, its earlier texts, and marking it as the answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qls.community.forum import access, actions
from qls.community.forum.errors import ForumError
from qls.community.forum.forms import EditForm
from qls.community.forum.markdown import render as render_markdown
from qls.community.forum.views._common import post_url, refused, thread_crumbs


def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    if not access.can_edit(request.user, post):
        raise PermissionDenied
    post_request = request.method == "POST"
    form = EditForm(request.POST if post_request else None, initial={"body": post.body})
    if post_request and form.is_valid():
        try:
            actions.edit_post(post=post, body=form.cleaned_data["body"], by=request.user)
        except ForumError as error:
            refused(form, error, "body")
        else:
            messages.success(request, "The post is changed; its earlier text is in its history.")
            return redirect(post_url(post))
    return render(
        request,
        "community/forum/edit_post.html",
        {"form": form, "post": post, "crumbs": thread_crumbs(post)},
    )


def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every earlier text of a post, newest first (for whoever may read the post)."""
    post = access.get_post(request, pk)
    if not access.can_see_body(request.user, post):
        raise PermissionDenied
    revisions = [(r, render_markdown(r.body)) for r in post.revisions.select_related("edited_by")]
    return render(
        request,
        "community/forum/history.html",
        {
            "post": post,
            "current": render_markdown(post.body),
            "revisions": revisions,
            "crumbs": thread_crumbs(post),
        },
    )


@require_POST
def mark_answer(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    try:
        actions.mark_answer(thread=post.thread, post=post, by=request.user)
    except ForumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The reply is marked as the answer.")
    return redirect(post_url(post))
