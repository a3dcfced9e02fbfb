"""Addresses of the community's elearning, below /community/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
