"""Home (my work), the accessibility and privacy pages, and health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from qls.core import work


def home(request: HttpRequest) -> HttpResponse:
    """My work: what the person signed in must act on, from every area."""
    return render(
        request,
        "core/my_work.html",
        {"sections": work.sections_for(request.user), "tab": "work"},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the Django admin's)."""
    return redirect(static("vendor/nhsuk-frontend/assets/images/favicon.ico"), permanent=True)


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
