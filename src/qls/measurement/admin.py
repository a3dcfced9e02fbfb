"""Django admin for quality data. Catalogue and metric definitions are
editable with history; imports, series and tokens are read-only records
(imports are made by the importer, tokens by their owners)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qls.measurement.models import (
    ApiToken,
    Dataset,
    DatasetField,
    Import,
    Metric,
    MetricTrajectory,
    RebasePoint,
    Series,
)


class DatasetFieldInline(admin.TabularInline):
    model = DatasetField
    extra = 0


@admin.register(Dataset)
class DatasetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "source_system", "refresh_cadence", "last_refreshed", "sensitivity"]
    list_filter = ["sensitivity", "refresh_cadence"]
    search_fields = ["name", "description", "fields__name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["owner"]
    inlines = [DatasetFieldInline]


class TrajectoryInline(admin.TabularInline):
    model = MetricTrajectory
    extra = 0


class RebasePointInline(admin.TabularInline):
    model = RebasePoint
    extra = 0
    raw_id_fields = ["created_by"]
    # Decisions are made on the metric page, where nobody approves their own proposal.
    readonly_fields = ["status", "decided_by", "decided_at", "decision_reason"]


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "chart_type", "frequency", "improvement_direction", "active"]
    list_filter = ["chart_type", "frequency", "domain", "active", "is_key"]
    search_fields = ["code", "name", "definition"]
    raw_id_fields = ["owner"]
    inlines = [TrajectoryInline, RebasePointInline]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ["metric", "level", "site", "ward", "stratum_dimension", "stratum_value"]
    list_filter = ["level", "stratum_dimension", "is_stale"]
    search_fields = ["metric__code", "ward__code", "site__code"]


@admin.register(Import)
class ImportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "file_name", "kind", "source", "status", "created_by", "created_at"]
    list_filter = ["status", "kind", "source"]
    search_fields = ["file_name", "sha256"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used", "revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    exclude = ["token_hash"]
