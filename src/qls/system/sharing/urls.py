"""Addresses of metric sharing, below /system/sharing/."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system.sharing import views

urlpatterns: list[URLPattern] = [
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/new/", views.share_new, name="share_new"),
    path("sharing/<id:pk>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path("sharing/agreements/new/", views.agreement_new, name="agreement_new"),
    path(
        "sharing/agreements/<id:pk>/document/",
        views.agreement_document,
        name="agreement_document",
    ),
]
