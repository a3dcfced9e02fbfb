"""Django admin for building accreditation templates (sections and questions inline).

Everyday work happens on the QLS pages; the admin is for the system
administrator to lay out a new template version.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qls.wards.models import AccreditationLevel, AuditQuestion, AuditSection, AuditTemplate


class AuditSectionInline(admin.TabularInline):
    model = AuditSection
    extra = 1


class AuditQuestionInline(admin.TabularInline):
    model = AuditQuestion
    extra = 3


@admin.register(AuditTemplate)
class AuditTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "active", "reaudit_months"]
    inlines = [AuditSectionInline]


@admin.register(AuditSection)
class AuditSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "template", "order"]
    list_filter = ["template"]
    inlines = [AuditQuestionInline]


@admin.register(AccreditationLevel)
class AccreditationLevelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "min_score", "consecutive_audits", "order"]
