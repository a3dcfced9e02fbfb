"""Addresses of the community's resources, below /community/ in the ``community`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.community.resources import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="resources_index"),
    path("new/", views.new, name="resource_new"),
    path("<slug:slug>/", views.resource, name="resource"),
    path("<slug:slug>/edit/", views.edit, name="resource_edit"),
    path("<slug:slug>/versions/new/", views.version_new, name="resource_version_new"),
    path("<slug:slug>/download/", views.download, name="resource_download"),
    path(
        "<slug:slug>/versions/<id:number>/download/",
        views.version_download,
        name="resource_version_download",
    ),
]
