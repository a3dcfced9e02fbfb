"""Django admin for the system's places (localities)."""

from __future__ import annotations

from django.contrib import admin

from qls.system.dashboard.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["organisations"]
