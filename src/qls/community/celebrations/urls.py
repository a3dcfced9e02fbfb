"""Addresses of the community's celebrations, below /community/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.community.celebrations import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="celebrations_index"),
    path("new/", views.event_new, name="celebrations_event_new"),
    path("gallery/", views.gallery, name="celebrations_gallery"),
    path("<id:pk>/", views.event, name="celebrations_event"),
    path("<id:pk>/register/", views.register, name="celebrations_register"),
    path("<id:pk>/cancel/", views.cancel, name="celebrations_cancel"),
    path("<id:pk>/submit/", views.submit, name="celebrations_submit"),
    path("<id:pk>/judges/", views.judges, name="celebrations_judges"),
    path("<id:pk>/programme/", views.programme, name="celebrations_programme"),
    path("submissions/<id:pk>/", views.submission, name="celebrations_submission"),
    path("submissions/<id:pk>/score/", views.score, name="celebrations_score"),
    path("submissions/<id:pk>/shortlist/", views.shortlist, name="celebrations_shortlist"),
    path("submissions/<id:pk>/award/", views.award, name="celebrations_award"),
]
