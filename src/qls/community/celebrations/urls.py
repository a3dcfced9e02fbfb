"""Addresses of the community's celebrations, below /community/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.community.celebrations.views import (
    events,
    gallery,
    judging,
    organising,
    registration,
    submissions,
)

urlpatterns: list[URLPattern] = [
    path("", events.index, name="celebrations_index"),
    path("new/", events.event_new, name="celebrations_event_new"),
    path("gallery/", gallery.gallery, name="celebrations_gallery"),
    path("<id:pk>/", events.event, name="celebrations_event"),
    path("<id:pk>/register/", registration.register, name="celebrations_register"),
    path("<id:pk>/cancel/", registration.cancel, name="celebrations_cancel"),
    path("<id:pk>/submit/", submissions.submit, name="celebrations_submit"),
    path("<id:pk>/judges/", organising.judges, name="celebrations_judges"),
    path("<id:pk>/programme/", organising.programme, name="celebrations_programme"),
    path("submissions/<id:pk>/", submissions.submission, name="celebrations_submission"),
    path("submissions/<id:pk>/score/", judging.score, name="celebrations_score"),
    path("submissions/<id:pk>/shortlist/", judging.shortlist, name="celebrations_shortlist"),
    path("submissions/<id:pk>/award/", judging.award, name="celebrations_award"),
]
