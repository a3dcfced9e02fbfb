"""Managing categories: adding, editing and removing them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.community.forum import actions
from qls.community.forum.errors import ForumError
from qls.community.forum.forms import CategoryForm
from qls.community.forum.models import ForumCategory
from qls.community.forum.permissions import MANAGE_CATEGORIES
from qls.community.forum.views._common import forum_crumbs


@permission_required(MANAGE_CATEGORIES, raise_exception=True)
def new_category(request: HttpRequest) -> HttpResponse:
    post_request = request.method == "POST"
    form = CategoryForm(request.POST if post_request else None)
    if post_request and form.is_valid():
        cat = form.save()
        messages.success(request, f"The category {cat.name} is added.")
        return redirect("community:forum_category", slug=cat.slug)
    return render(
        request, "community/forum/category_form.html", {"form": form, "crumbs": forum_crumbs()}
    )


@permission_required(MANAGE_CATEGORIES, raise_exception=True)
def edit_category(request: HttpRequest, slug: str) -> HttpResponse:
    """Rename, describe or reorder a category; one with no threads may be removed here."""
    cat = get_object_or_404(ForumCategory, slug=slug)
    post_request = request.method == "POST"
    form = CategoryForm(request.POST if post_request else None, instance=cat)
    if post_request and form.is_valid():
        cat = form.save()
        messages.success(request, f"The category {cat.name} is saved.")
        return redirect("community:forum_category", slug=cat.slug)
    here = (cat.name, reverse("community:forum_category", args=[slug]))
    return render(
        request,
        "community/forum/category_form.html",
        {
            "form": form,
            "category": cat,
            "thread_count": cat.threads.count(),
            "crumbs": forum_crumbs(here),
        },
    )


@require_POST
@permission_required(MANAGE_CATEGORIES, raise_exception=True)
def remove_category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(ForumCategory, slug=slug)
    try:
        actions.remove_category(category=cat)
    except ForumError as error:
        messages.error(request, str(error))
        return redirect("community:forum_category_edit", slug=slug)
    messages.success(request, f"The category {cat.name} is removed.")
    return redirect("community:forum_index")
