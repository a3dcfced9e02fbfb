"""Django admin for the project registry; every change keeps its history.

Day-to-day work happens on the project pages, which apply the registry's
rules (approvals, closure). The admin is for correcting data.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qls.projects.models import (
    DriverNode,
    Evaluation,
    Measure,
    PDSACycle,
    Programme,
    Project,
    ProjectMember,
    StageChange,
    Tag,
)


class MemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ["staff"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "stage", "category", "site", "start_date"]
    list_filter = ["stage", "category", "site"]
    search_fields = ["title", "problem", "aim_statement"]
    raw_id_fields = ["ward", "created_by"]
    filter_horizontal = ["strategic_aims", "domains", "tags"]
    inlines = [MemberInline]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(StageChange)
class StageChangeAdmin(SimpleHistoryAdmin):
    list_display = ["project", "from_stage", "to_stage", "status", "at"]
    list_filter = ["status", "to_stage"]
    raw_id_fields = ["project", "by", "approved_by"]


@admin.register(DriverNode)
class DriverNodeAdmin(SimpleHistoryAdmin):
    list_display = ["text", "kind", "project"]
    raw_id_fields = ["project", "parent"]


@admin.register(PDSACycle)
class PDSACycleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "act_decision", "started_on", "ended_on"]
    raw_id_fields = ["change_idea", "previous", "created_by"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "project", "chart_type"]
    raw_id_fields = ["project", "series"]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["project", "aim_achieved", "completed_at"]
    raw_id_fields = ["project", "completed_by"]
