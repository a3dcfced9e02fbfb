"""Addresses of system quality oversight, below /system/."""

from __future__ import annotations

from django.urls import URLPattern, path

from qls.system import views
from qls.system.dashboard.urls import urlpatterns as dashboard
from qls.system.learning import urls as learning
from qls.system.meetings.urls import urlpatterns as meetings
from qls.system.sharing.urls import urlpatterns as sharing
from qls.system.warnings import urls as warnings

app_name = "system"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("risks/", views.risks, name="risks"),
    path("risks/new/", views.risk_new, name="risk_new"),
    path("risks/<id:pk>/", views.risk, name="risk"),
    path("risks/<id:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("risks/<id:pk>/level/", views.risk_level, name="risk_level"),
    path("risks/<id:pk>/actions/", views.action_add, name="action_add"),
    path("risks/<id:pk>/actions/<id:action>/done/", views.action_done, name="action_done"),
    *meetings,
    *sharing,
    *dashboard,
]
urlpatterns += learning.urlpatterns  # we said, we did; shared learning; NQB steps
urlpatterns += warnings.urlpatterns  # soft intelligence and the early-warning list
