"""The gallery of past submissions, filtered and paged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.community.celebrations import access, queries
from qls.community.celebrations.forms import (
    GalleryFilterForm,
)
from qls.community.celebrations.permissions import VIEW
from qls.community.celebrations.views._common import celebration_crumbs
from qls.core.pagination import paginate

GALLERY_PAGE = 24


def gallery(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW)
    form = GalleryFilterForm(request.GET or None, choices=queries.gallery_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    paging = paginate(request, queries.gallery(filters), GALLERY_PAGE)
    return render(
        request,
        "community/celebrations/gallery.html",
        {
            "form": form,
            **paging,
            "crumbs": celebration_crumbs(("Gallery", "")),
        },
    )
