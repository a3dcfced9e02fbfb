"""Addresses of System Quality Group meetings, below /system/meetings/."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system.meetings.views import agenda, items, meeting_form, meetings

urlpatterns: list[URLPattern] = [
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meeting_form.meeting_new, name="meeting_new"),
    path("meetings/<id:pk>/", meetings.meeting, name="meeting"),
    path("meetings/<id:pk>/edit/", meeting_form.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/agenda/", agenda.agenda, name="meeting_agenda"),
    path("meetings/<id:pk>/items/<id:item>/", items.item, name="meeting_item"),
    path(
        "meetings/<id:pk>/actions/<id:action>/done/",
        items.action_done,
        name="meeting_action_done",
    ),
    path("meetings/<id:pk>/pack.pdf", meetings.meeting_pdf, name="meeting_pdf"),
]
