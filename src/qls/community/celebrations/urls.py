"""Addresses of the community's celebrations, below /community/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
