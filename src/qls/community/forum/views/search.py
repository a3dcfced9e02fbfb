"""Finding threads: the search page and the threads waiting for an answer."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.community.forum import queries
from qls.community.forum import search as forum_search
from qls.community.forum.forms import SearchForm
from qls.community.forum.permissions import UNANSWERED, VIEW
from qls.community.forum.views._common import PAGE_SIZE, forum_crumbs
from qls.core.pagination import paginate


@permission_required(VIEW, raise_exception=True)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page_number = request.GET.get("page", "1")
    page = int(page_number) if page_number.isdigit() and int(page_number) > 0 else 1
    results = forum_search.search(text, page=page)
    pages = max((results.total + forum_search.PAGE_SIZE - 1) // forum_search.PAGE_SIZE, 1)
    return render(
        request,
        "community/forum/search.html",
        {
            "form": form,
            "text": text,
            "results": results,
            "page": page,
            "pages": pages,
            "crumbs": forum_crumbs(),
        },
    )


@permission_required(UNANSWERED, raise_exception=True)
def waiting(request: HttpRequest) -> HttpResponse:
    """Threads with no answer after five days, for the coaches to pick up."""
    paging = paginate(request, queries.waiting_for_answer(), PAGE_SIZE)
    return render(
        request,
        "community/forum/waiting.html",
        {**paging, "days": queries.WAITING_DAYS, "crumbs": forum_crumbs()},
    )
