"""Addresses of the system dashboard: /system/metrics/<code>/ and /system/places/."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system.dashboard import views

urlpatterns: list[URLPattern] = [
    path("metrics/<slug:code>/", views.metric, name="metric"),
    path("places/", views.places, name="places"),
]
