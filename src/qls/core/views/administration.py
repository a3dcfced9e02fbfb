"""The administration area: users and roles, and the audit history."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@permission_required("core.view_audit_history", raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/administration.html")
