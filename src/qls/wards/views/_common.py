from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from qls.core.breadcrumbs import trail
from qls.core.ids import parse_id
from qls.organisation.models import Site
from qls.wards.models import WardProgramme
from qls.wards.planning import current_programme


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from Home through the ward programme to the page's parents."""
    return trail("Ward programme", "wards:index", *extra)


def chosen_programme(request: HttpRequest) -> WardProgramme:
    """The programme named by ``?programme=``, else the one running today."""
    wanted = request.GET.get("programme") or request.POST.get("programme")
    if wanted:
        pk = parse_id(wanted)
        if pk is None:
            raise Http404("No such programme")
        return get_object_or_404(WardProgramme, pk=pk)
    programme = current_programme()
    if programme is None:
        raise Http404("No ward programme has been set up yet")
    return programme


def site_or_404(code: str) -> Site:
    return get_object_or_404(Site, code=code)
