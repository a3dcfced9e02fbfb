"""Addresses of the community's forum, below /community/forum/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.community.forum.views import (
    browse,
    categories,
    moderation,
    notifications,
    posts,
    search,
    threads,
)

urlpatterns: list[URLPattern] = [
    path("", browse.index, name="forum_index"),
    path("new/", threads.new_thread, name="forum_new"),
    path("search/", search.search, name="forum_search"),
    path("waiting/", search.waiting, name="forum_waiting"),
    path("reports/", moderation.reports, name="forum_reports"),
    path("notifications/", notifications.notifications_page, name="forum_notifications"),
    path("notifications/email/", notifications.settings_page, name="forum_settings"),
    path("categories/new/", categories.new_category, name="forum_category_new"),
    path("categories/<slug:slug>/", browse.category, name="forum_category"),
    path("categories/<slug:slug>/edit/", categories.edit_category, name="forum_category_edit"),
    path(
        "categories/<slug:slug>/remove/", categories.remove_category, name="forum_category_remove"
    ),
    path("categories/<slug:slug>/follow/", browse.follow_category, name="forum_follow_category"),
    path("threads/<id:pk>/", threads.thread, name="forum_thread"),
    path("threads/<id:pk>/follow/", threads.follow, name="forum_follow"),
    path("threads/<id:pk>/lock/", threads.lock, name="forum_lock"),
    path("posts/<id:pk>/edit/", posts.edit_post, name="forum_edit"),
    path("posts/<id:pk>/history/", posts.history, name="forum_history"),
    path("posts/<id:pk>/hide/", moderation.hide_post, name="forum_hide"),
    path("posts/<id:pk>/show/", moderation.show_post, name="forum_show"),
    path("posts/<id:pk>/report/", moderation.report_post, name="forum_report"),
    path("posts/<id:pk>/answer/", posts.mark_answer, name="forum_answer"),
]
