"""Moderation: hiding and showing posts, reporting them, and the open reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qls.community.forum import access, actions, queries
from qls.community.forum.errors import ForumError
from qls.community.forum.forms import ReasonForm
from qls.community.forum.markdown import render as render_markdown
from qls.community.forum.permissions import MODERATE, POST
from qls.community.forum.views._common import forum_crumbs, post_url, refused, thread_crumbs


@permission_required(MODERATE, raise_exception=True)
def hide_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    post_request = request.method == "POST"
    form = ReasonForm(request.POST if post_request else None)
    form.fields["reason"].label = "Why is it hidden?"
    form.fields["reason"].help_text = "Its author sees this reason beside the post"
    if post_request and form.is_valid():
        try:
            actions.hide_post(post=post, reason=form.cleaned_data["reason"], by=request.user)
        except ForumError as error:
            refused(form, error, "reason")
        else:
            messages.success(request, "The post is hidden; its author has been told why.")
            return redirect(post_url(post))
    return render(
        request,
        "community/forum/hide_post.html",
        {"form": form, "post": post, "html": render_markdown(post.body),
         "crumbs": thread_crumbs(post)},
    )  # fmt: skip


@require_POST
@permission_required(MODERATE, raise_exception=True)
def show_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    actions.show_post(post=post, by=request.user)
    messages.success(request, "The post is shown again.")
    return redirect(post_url(post))


@permission_required(POST, raise_exception=True)
def report_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    post_request = request.method == "POST"
    form = ReasonForm(request.POST if post_request else None)
    form.fields["reason"].label = "What is wrong with this post?"
    if post_request and form.is_valid():
        try:
            actions.report_post(post=post, reason=form.cleaned_data["reason"], by=request.user)
        except ForumError as error:
            refused(form, error, "reason")
        else:
            messages.success(request, "Thank you: the improvement team will look at the post.")
            return redirect(post_url(post))
    return render(
        request,
        "community/forum/report_post.html",
        {"form": form, "post": post, "crumbs": thread_crumbs(post)},
    )


@permission_required(MODERATE, raise_exception=True)
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/forum/reports.html",
        {"reports": queries.open_reports(), "crumbs": forum_crumbs()},
    )
