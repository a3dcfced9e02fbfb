"""We said, we did: the published log anyone with access may read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.core.breadcrumbs import home
from qls.system.access import require
from qls.system.learning import permissions as perms
from qls.system.learning import queries
from qls.system.learning.models import Ladder
from qls.system.learning.views._common import T


def published(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.READ_PUBLISHED)
    filters = queries.parse_log_filters(request.GET)
    return render(
        request,
        T + "published.html",
        {
            "entries": list(queries.published_log(filters)),
            "filters": filters,
            "partners": queries.log_partners(),
            "ladder": Ladder.choices,
            "years": queries.published_years(),
            "can_record": request.user.has_perm(perms.RECORD),
            "crumbs": home(),
        },
    )
