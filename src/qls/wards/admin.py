"""Django admin for building accreditation templates (sections and questions inline).

Everyday work happens on the QLS pages; the admin is for the system
administrator to lay out a new template version. A version any audit has
used is read-only here as on the pages: its audits must keep the questions
they were scored on, so a change is a new version made on the template page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from qls.wards.models import AccreditationLevel, AuditQuestion, AuditSection, AuditTemplate


def _template_of(obj: Any) -> AuditTemplate | None:
    if isinstance(obj, AuditTemplate):
        return obj
    if isinstance(obj, AuditSection):
        return obj.template
    return None


def _used(obj: Any) -> bool:
    template = _template_of(obj)
    return template is not None and template.pk is not None and template.in_use()


class ReadOnlyOnceUsed:
    """Viewable, never changed or deleted, once an audit has used the template."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _used(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _used(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Inlines are asked with the parent; the model admins without one.
        if _used(obj):
            return False
        return (
            super().has_add_permission(request, obj)
            if obj is not None
            else super().has_add_permission(request)
        )


class AuditSectionInline(ReadOnlyOnceUsed, admin.TabularInline):
    model = AuditSection
    extra = 1


class AuditQuestionInline(ReadOnlyOnceUsed, admin.TabularInline):
    model = AuditQuestion
    extra = 3


@admin.register(AuditTemplate)
class AuditTemplateAdmin(ReadOnlyOnceUsed, SimpleHistoryAdmin):
    list_display = ["name", "version", "active", "reaudit_months"]
    inlines = [AuditSectionInline]


@admin.register(AuditSection)
class AuditSectionAdmin(ReadOnlyOnceUsed, SimpleHistoryAdmin):
    list_display = ["title", "template", "order"]
    list_filter = ["template"]
    inlines = [AuditQuestionInline]


@admin.register(AccreditationLevel)
class AccreditationLevelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "min_score", "consecutive_audits", "order"]
