from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def profile(request: HttpRequest) -> HttpResponse:
    staff = getattr(request.user, "staff_member", None)
    return render(request, "accounts/profile.html", {"staff": staff})
