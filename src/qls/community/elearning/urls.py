"""Addresses of the community's e-learning, below /community/e-learning/ in the
``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.community.elearning import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="elearning_index"),
    path("chapters/new/", views.chapter_edit, name="elearning_chapter_new"),
    path("chapters/<id:pk>/", views.chapter, name="elearning_chapter"),
    path("chapters/<id:pk>/edit/", views.chapter_edit, name="elearning_chapter_edit"),
    path("chapters/<id:pk>/media/<str:kind>/", views.chapter_media, name="elearning_media"),
]
