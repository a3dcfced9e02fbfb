"""The trust, its sites and wards, and partner organisations (read-only, but for
naming a ward's manager).

Every signed-in person may read these (LoginRequiredMiddleware signs them
in), including someone whose roles are not set yet: the structure is not
personal data and people need it to find their way.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from qls.accounts.roles import SET_WARD_MANAGER
from qls.organisation import services
from qls.organisation.forms import WardManagerForm
from qls.organisation.models import Organisation, Site, StaffMember, Ward
from qls.organisation.views._crumbs import crumbs


def index(request: HttpRequest) -> HttpResponse:
    trust = services.host_organisation()
    sites = services.sites_with_counts(trust) if trust else []
    partners = services.partners_by_kind()
    return render(
        request,
        "organisation/index.html",
        {
            "trust": trust,
            "figures": services.headline_figures(),
            "sites": sites,
            "partners": partners,
            "crumbs": crumbs()[:1],
        },
    )


def site(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(Site.objects.select_related("organisation"), code=code)
    wards = found.wards.select_related("specialty").annotate(
        staff_count=Count("staff", filter=Q(staff__active=True))
    )
    return render(
        request,
        "organisation/site.html",
        {
            "site": found,
            "wards": wards,
            "programme_count": sum(1 for w in wards if w.in_programme),
            "staff_count": StaffMember.objects.filter(site=found, active=True).count(),
            "crumbs": crumbs(),
        },
    )


def ward(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(
        Ward.objects.select_related("site", "specialty", "manager"), code=code
    )
    groups = (
        StaffMember.objects.filter(ward=found, active=True)
        .values("staff_group")
        .annotate(n=Count("id"))
        .order_by("-n", "staff_group")
    )
    return render(
        request,
        "organisation/ward.html",
        {
            "ward": found,
            "groups": services.with_staff_group_labels(groups),
            "staff_count": sum(g["n"] for g in groups),
            "can_set_manager": request.user.has_perm(SET_WARD_MANAGER),
            "crumbs": crumbs((found.site.name, found.site.get_absolute_url())),
        },
    )


@permission_required(SET_WARD_MANAGER, raise_exception=True)
def ward_manager(request: HttpRequest, code: str) -> HttpResponse:
    """Name the ward's manager: they sort the issues raised at the ward's events."""
    found = get_object_or_404(Ward.objects.select_related("site", "manager"), code=code)
    post = request.method == "POST"
    form = WardManagerForm(
        request.POST if post else None, ward=found, initial={"manager": found.manager}
    )
    if post and form.is_valid():
        found.manager = form.cleaned_data["manager"]
        found.save(update_fields=["manager"])  # the history records who and when
        messages.success(
            request,
            f"{found.manager.full_name} now manages {found.name}."
            if found.manager
            else f"{found.name} has no manager named.",
        )
        return redirect(found)
    return render(
        request,
        "organisation/ward_manager.html",
        {
            "ward": found,
            "form": form,
            "crumbs": crumbs(
                (found.site.name, found.site.get_absolute_url()),
                (found.name, found.get_absolute_url()),
            ),
        },
    )


def organisation(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(Organisation, code=code)
    return render(
        request,
        "organisation/organisation.html",
        {
            "organisation": found,
            "sites": services.sites_with_counts(found),
            "staff_count": found.staff.filter(active=True).count(),
            "crumbs": crumbs(),
        },
    )
