"""Addresses of learning and co-production, below /system/ (in the ``system`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system.learning import views

urlpatterns: list[URLPattern] = [
    path("we-said-we-did/", views.published, name="wesaid_published"),
    path("we-said-we-did/entries/", views.entries, name="wesaid_entries"),
    path("we-said-we-did/new/", views.entry_new, name="wesaid_new"),
    path("we-said-we-did/<id:pk>/", views.entry, name="wesaid"),
    path("we-said-we-did/<id:pk>/edit/", views.entry_edit, name="wesaid_edit"),
    path("we-said-we-did/<id:pk>/publish/", views.entry_publish, name="wesaid_publish"),
    path("shared-learning/", views.learning_list, name="learning_list"),
    path("shared-learning/new/", views.learning_new, name="learning_new"),
    path("shared-learning/<id:pk>/", views.learning, name="learning"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/new/", views.priority_new, name="priority_new"),
    path("priorities/<id:pk>/", views.priority, name="priority"),
    path("priorities/<id:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<id:pk>/progress/", views.priority_progress, name="priority_progress"),
]
