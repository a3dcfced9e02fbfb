"""Addresses of the community's glossary, below /community/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.community.glossary import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="glossary_index"),
    path("new/", views.new, name="glossary_new"),
    path("<slug:slug>/edit/", views.edit, name="glossary_edit"),
    path("<slug:slug>/remove/", views.remove, name="glossary_remove"),
]
