"""Strategic aims (editable by the improvement team) and quality domains."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.accounts.roles import MANAGE_AIMS
from qls.organisation.forms import StrategicAimForm
from qls.organisation.models import QualityDomain, StrategicAim
from qls.organisation.views._crumbs import crumbs


def aims(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisation/aims.html",
        {
            "aims": [
                (aim, aim.history.select_related("history_user").first())
                for aim in StrategicAim.objects.all()
            ],
            "can_edit": request.user.has_perm(MANAGE_AIMS),
            "crumbs": crumbs(),
        },
    )


@permission_required(MANAGE_AIMS, raise_exception=True)
def aim_edit(request: HttpRequest, number: int) -> HttpResponse:
    aim = get_object_or_404(StrategicAim, number=number)
    post = request.method == "POST"
    form = StrategicAimForm(request.POST if post else None, instance=aim)
    if post and form.is_valid():
        # simple_history's middleware records who made the change.
        form.save()
        messages.success(request, f"Strategic aim {aim.number} saved.")
        return redirect("organisation:aims")
    return render(
        request,
        "organisation/aim_edit.html",
        {
            "aim": aim,
            "form": form,
            "crumbs": crumbs(("Strategic aims", reverse("organisation:aims"))),
        },
    )


def domains(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisation/domains.html",
        {"domains": QualityDomain.objects.all(), "crumbs": crumbs()},
    )
