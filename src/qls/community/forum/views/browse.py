"""The forum's front page and its category pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.community.forum import actions, queries
from qls.community.forum.forms import SearchForm
from qls.community.forum.models import ForumCategory, ForumFollow
from qls.community.forum.permissions import MANAGE_CATEGORIES, MODERATE, POST, UNANSWERED, VIEW
from qls.community.forum.views._common import PAGE_SIZE, forum_crumbs
from qls.community.views import crumbs
from qls.core.pagination import paginate
from qls.projects.models import Project


@permission_required(VIEW, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    """Categories, the newest activity, and (``?project=``) one project's discussions."""
    project = None
    threads = queries.threads().order_by("-last_activity_at", "-pk")
    if (project_id := request.GET.get("project", "")).isdigit():
        project = get_object_or_404(Project, pk=int(project_id))
        threads = queries.for_project(project.pk)
    paging = paginate(request, threads, PAGE_SIZE)
    return render(
        request,
        "community/forum/index.html",
        {
            "categories": queries.categories(),
            **paging,
            "project": project,
            "search_form": SearchForm(),
            "can_post": request.user.has_perm(POST),
            "can_see_waiting": request.user.has_perm(UNANSWERED),
            "can_moderate": request.user.has_perm(MODERATE),
            "can_manage": request.user.has_perm(MANAGE_CATEGORIES),
            "crumbs": crumbs(("Forum", reverse("community:forum_index")))[:2],
        },
    )


@permission_required(VIEW, raise_exception=True)
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(ForumCategory, slug=slug)
    threads = queries.threads().filter(category=cat).order_by("-last_activity_at", "-pk")
    paging = paginate(request, threads, PAGE_SIZE)
    return render(
        request,
        "community/forum/category.html",
        {
            "category": cat,
            **paging,
            "following": ForumFollow.objects.filter(user=request.user, category=cat).exists(),
            "can_post": request.user.has_perm(POST),
            "can_manage": request.user.has_perm(MANAGE_CATEGORIES),
            "crumbs": forum_crumbs(),
        },
    )


@require_POST
@permission_required(VIEW, raise_exception=True)
def follow_category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(ForumCategory, slug=slug)
    on = actions.set_following(user=request.user, category=cat, on=request.POST.get("on") == "1")
    messages.success(
        request, f"You follow {cat.name}." if on else f"You no longer follow {cat.name}."
    )
    return redirect("community:forum_category", slug=cat.slug)
