"""The trust, its sites and wards, and partner organisations: read-only pages.

Every signed-in person may read these (LoginRequiredMiddleware signs them
in), including someone whose roles are not set yet: the structure is not
personal data and people need it to find their way.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from qls.organisation import services
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
    found = get_object_or_404(Ward.objects.select_related("site", "specialty"), code=code)
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
            "crumbs": crumbs((found.site.name, found.site.get_absolute_url())),
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
