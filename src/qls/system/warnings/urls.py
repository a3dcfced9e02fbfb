"""Addresses of soft intelligence and the early-warning list, below /system/."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system.warnings import views

urlpatterns: list[URLPattern] = [
    path("intelligence/", views.intelligence_list, name="intelligence_list"),
    path("intelligence/new/", views.intelligence_new, name="intelligence_new"),
    path("intelligence/<id:pk>/", views.intelligence, name="intelligence"),
    path("early-warnings/", views.early_warnings, name="early_warnings"),
]
