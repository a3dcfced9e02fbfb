"""Django admin for training: the self-efficacy survey items (and courses, read for support)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qls.capability.models import Course, SurveyItem


@admin.register(SurveyItem)
class SurveyItemAdmin(SimpleHistoryAdmin):
    list_display = ["position", "text", "active"]
    list_display_links = ["text"]
    list_filter = ["active"]
    ordering = ["position"]


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "sessions_count", "min_sessions_attended", "requires_project"]
    list_filter = ["kind", "active"]
