"""A person's forum notifications and their email choice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.community.forum import actions, notifications
from qls.community.forum.forms import SettingsForm
from qls.community.forum.models import ForumNotification, ForumSetting
from qls.community.forum.permissions import VIEW
from qls.community.forum.views._common import PAGE_SIZE, forum_crumbs
from qls.core.pagination import paginate


@permission_required(VIEW, raise_exception=True)
def notifications_page(request: HttpRequest) -> HttpResponse:
    """The person's notifications; a POST marks them all read."""
    if request.method == "POST":
        actions.mark_read(user=request.user)
        messages.success(request, "All your notifications are marked as read.")
        return redirect("community:forum_notifications")
    notes = (
        ForumNotification.objects.filter(user=request.user)
        .select_related("thread", "actor")
        .order_by("-created_at", "-pk")
    )
    paging = paginate(request, notes, PAGE_SIZE)
    rows = [(n, notifications.sentence(n), notifications.link(n)) for n in paging["page"]]
    return render(
        request,
        "community/forum/notifications.html",
        {
            **paging,
            "rows": rows,
            "unread": notifications.unread_count(request.user),
            "crumbs": forum_crumbs(),
        },
    )


@permission_required(VIEW, raise_exception=True)
def settings_page(request: HttpRequest) -> HttpResponse:
    post_request = request.method == "POST"
    form = SettingsForm(
        request.POST if post_request else None,
        initial={"email": notifications.email_choice(request.user)},
    )
    if post_request and form.is_valid():
        ForumSetting.objects.update_or_create(
            user=request.user, defaults={"email": form.cleaned_data["email"]}
        )
        messages.success(request, "Your email choice is saved.")
        return redirect("community:forum_notifications")
    return render(
        request, "community/forum/settings.html", {"form": form, "crumbs": forum_crumbs()}
    )
