"""Django admin for the organisation structure; every change keeps its history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qls.organisation.models import (
    DemoBuild,
    Organisation,
    QualityDomain,
    Site,
    Specialty,
    StaffImport,
    StaffMember,
    StrategicAim,
    Ward,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "is_host"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "town", "organisation"]
    search_fields = ["name", "code"]


@admin.register(Specialty)
class SpecialtyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Ward)
class WardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "site", "kind", "specialty", "beds", "in_programme", "active"]
    list_filter = ["site", "kind", "in_programme", "active"]
    search_fields = ["name", "code"]
    list_select_related = ["site", "specialty"]


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["staff_number", "last_name", "first_name", "job_role", "band", "site", "ward"]
    list_filter = ["staff_group", "site", "active"]
    search_fields = ["staff_number", "first_name", "last_name", "email"]
    list_select_related = ["site", "ward"]
    # 14,000 people and 100 wards: search boxes, not select menus.
    raw_id_fields = ["ward", "user"]


@admin.register(StrategicAim)
class StrategicAimAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "active"]


@admin.register(QualityDomain)
class QualityDomainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order"]


@admin.register(DemoBuild)
class DemoBuildAdmin(admin.ModelAdmin):
    list_display = ["scale", "seed", "built_at"]


@admin.register(StaffImport)
class StaffImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "imported_by", "imported_at", "created", "updated", "unchanged"]
    readonly_fields = [f.name for f in StaffImport._meta.fields]
