"""One paginator for every list, shown by ``core/_pagination.html``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet | Sequence, per_page: int) -> dict[str, Any]:
    """The page the request asks for (``?page=``), as the template's context.

    ``page`` is the Django page (a number out of range gives the nearest
    page), ``query`` the request's other GET parameters so the links keep
    the filters, and ``page_numbers`` the numbers to link, elided in the
    middle of a long list.
    """
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "query": query.urlencode(),
        "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
    }
