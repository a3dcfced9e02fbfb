"""Addresses of System Quality Group meetings, below /system/meetings/."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system.meetings import views

urlpatterns: list[URLPattern] = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<id:pk>/", views.meeting, name="meeting"),
    path("meetings/<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/agenda/", views.agenda, name="meeting_agenda"),
    path("meetings/<id:pk>/items/<id:item>/", views.item, name="meeting_item"),
    path(
        "meetings/<id:pk>/actions/<id:action>/done/",
        views.action_done,
        name="meeting_action_done",
    ),
    path("meetings/<id:pk>/pack.pdf", views.meeting_pdf, name="meeting_pdf"),
]
