"""The scope a dashboard page shows, read from its URL, and the series the
signed-in person may see."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest

from qls.measurement.dashboards.scope import Scope
from qls.measurement.models import Level
from qls.measurement.sharing import viewer
from qls.organisation.models import Site


def _scoped(url: str, scope: Scope) -> str:
    return url + "?" + "&".join(f"{k}={v}" for k, v in scope.query().items())


def _seen(request: HttpRequest) -> Q:
    """The series the signed-in person may see (see qls.measurement.sharing)."""
    return viewer(request.user).filter()


def _scope_from_query(request: HttpRequest) -> Scope:
    level = request.GET.get("level") or Level.TRUST
    if level not in Level.values:
        raise Http404("No such level")
    return Scope.find(level, request.GET.get("unit"), _seen(request))


def _scope_of_unit(request: HttpRequest, code: str) -> Scope:
    """The scope the filter form chose: a site or ward code, or the trust."""
    level = request.GET.get("level")
    if level:  # links from a dashboard name the level
        return _scope_from_query(request)
    if not code:
        return Scope(Level.TRUST, seen=_seen(request))
    if Site.objects.filter(code=code).exists():
        return Scope.find(Level.SITE, code, _seen(request))
    return Scope.find(Level.WARD, code, _seen(request))
