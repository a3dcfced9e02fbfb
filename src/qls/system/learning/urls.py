"""Addresses of learning and co-production, below /system/ (in the ``system`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system.learning.views import (
    entries,
    entry_form,
    priorities,
    priority_form,
    published,
    shared,
)

urlpatterns: list[URLPattern] = [
    path("we-said-we-did/", published.published, name="wesaid_published"),
    path("we-said-we-did/entries/", entries.entries, name="wesaid_entries"),
    path("we-said-we-did/new/", entry_form.entry_new, name="wesaid_new"),
    path("we-said-we-did/<id:pk>/", entries.entry, name="wesaid"),
    path("we-said-we-did/<id:pk>/edit/", entry_form.entry_edit, name="wesaid_edit"),
    path("we-said-we-did/<id:pk>/publish/", entries.entry_publish, name="wesaid_publish"),
    path("shared-learning/", shared.learning_list, name="learning_list"),
    path("shared-learning/new/", shared.learning_new, name="learning_new"),
    path("shared-learning/<id:pk>/", shared.learning, name="learning"),
    path("priorities/", priorities.priorities, name="priorities"),
    path("priorities/new/", priority_form.priority_new, name="priority_new"),
    path("priorities/<id:pk>/", priorities.priority, name="priority"),
    path("priorities/<id:pk>/edit/", priority_form.priority_edit, name="priority_edit"),
    path("priorities/<id:pk>/progress/", priorities.priority_progress, name="priority_progress"),
]
