"""Addresses of the community's forum, below /community/forum/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.community.forum import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="forum_index"),
    path("new/", views.new_thread, name="forum_new"),
    path("search/", views.search, name="forum_search"),
    path("waiting/", views.waiting, name="forum_waiting"),
    path("reports/", views.reports, name="forum_reports"),
    path("notifications/", views.notifications_page, name="forum_notifications"),
    path("notifications/email/", views.settings_page, name="forum_settings"),
    path("categories/new/", views.new_category, name="forum_category_new"),
    path("categories/<slug:slug>/", views.category, name="forum_category"),
    path("categories/<slug:slug>/edit/", views.edit_category, name="forum_category_edit"),
    path("categories/<slug:slug>/remove/", views.remove_category, name="forum_category_remove"),
    path("categories/<slug:slug>/follow/", views.follow_category, name="forum_follow_category"),
    path("threads/<id:pk>/", views.thread, name="forum_thread"),
    path("threads/<id:pk>/follow/", views.follow, name="forum_follow"),
    path("threads/<id:pk>/lock/", views.lock, name="forum_lock"),
    path("posts/<id:pk>/edit/", views.edit_post, name="forum_edit"),
    path("posts/<id:pk>/history/", views.history, name="forum_history"),
    path("posts/<id:pk>/hide/", views.hide_post, name="forum_hide"),
    path("posts/<id:pk>/show/", views.show_post, name="forum_show"),
    path("posts/<id:pk>/report/", views.report_post, name="forum_report"),
    path("posts/<id:pk>/answer/", views.mark_answer, name="forum_answer"),
]
