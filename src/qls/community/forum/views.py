"""Forum pages: thin views over ``forum.actions`` and ``forum.queries``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.community.forum import access, actions, notifications, queries
from qls.community.forum import search as forum_search
from qls.community.forum.errors import ForumError, IdentifierFound
from qls.community.forum.forms import (
    CategoryForm,
    EditForm,
    ReasonForm,
    ReplyForm,
    SearchForm,
    SettingsForm,
    ThreadForm,
)
from qls.community.forum.markdown import render as render_markdown
from qls.community.forum.models import ForumCategory, ForumFollow, ForumNotification, ForumSetting
from qls.community.forum.permissions import (
    MANAGE_CATEGORIES,
    MODERATE,
    POST,
    UNANSWERED,
    VIEW,
)
from qls.community.views import crumbs
from qls.core.pagination import paginate
from qls.projects.models import Project

PAGE_SIZE = 25


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Forum", reverse("community:forum_index")), *extra)


def _refused(form, error: ForumError, default: str) -> None:
    field = error.field if isinstance(error, IdentifierFound) else None
    form.add_error(field if field in form.fields else default, str(error))


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
            "crumbs": _crumbs(),
        },
    )


def thread(request: HttpRequest, pk: int) -> HttpResponse:
    """The thread and its posts; a POST is a reply."""
    post_request = request.method == "POST"
    item = access.get_thread(request, pk, to_post=post_request)
    user = request.user
    form = ReplyForm(request.POST if post_request else None)
    if post_request and form.is_valid():
        try:
            reply = actions.reply(thread=item, body=form.cleaned_data["body"], by=user)
        except ForumError as error:
            _refused(form, error, "body")
        else:
            messages.success(request, "Your reply is posted.")
            return redirect(f"{reverse('community:forum_thread', args=[item.pk])}#post-{reply.pk}")
    posts = list(item.posts.select_related("author", "hidden_by").order_by("created_at", "pk"))
    moderator = access.is_moderator(user)
    rows = [
        {
            "post": p,
            "html": render_markdown(p.body) if access.can_see_body(user, p) else None,
            "can_edit": access.can_edit(user, p) and (not item.is_locked or moderator),
            "is_answer": item.answer_id == p.pk,
        }
        for p in posts
    ]
    ForumNotification.objects.filter(user=user, thread=item, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(
        request,
        "community/forum/thread.html",
        {
            "thread": item,
            "rows": rows,
            # The question, for the library's tools it mentions (a hidden opening post is left out).
            "thread_text": " ".join(
                [item.title] + [p.body for p in posts if p.opening and not p.is_hidden]
            ),
            "form": form if user.has_perm(POST) and not item.is_locked else None,
            "following": ForumFollow.objects.filter(user=user, thread=item).exists(),
            "can_mark": access.can_mark_answer(user, item),
            "can_moderate": moderator,
            "can_post": user.has_perm(POST),
            "crumbs": _crumbs(
                (item.category.name, reverse("community:forum_category", args=[item.category.slug]))
            ),
        },
    )


@permission_required(POST, raise_exception=True)
def new_thread(request: HttpRequest) -> HttpResponse:
    post_request = request.method == "POST"
    initial = {}
    if slug := request.GET.get("category"):
        initial["category"] = ForumCategory.objects.filter(slug=slug).first()
    if (project_id := request.GET.get("project", "")).isdigit():
        initial["project"] = project_id
    form = ThreadForm(request.POST if post_request else None, initial=initial)
    if post_request and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.start_thread(
                category=data["category"],
                title=data["title"],
                body=data["body"],
                project=data["project"],
                by=request.user,
            )
        except ForumError as error:
            _refused(form, error, "body")
        else:
            messages.success(request, "Your thread is posted.")
            return redirect("community:forum_thread", pk=item.pk)
    return render(request, "community/forum/new_thread.html", {"form": form, "crumbs": _crumbs()})


def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    if not access.can_edit(request.user, post):
        raise PermissionDenied
    post_request = request.method == "POST"
    form = EditForm(request.POST if post_request else None, initial={"body": post.body})
    if post_request and form.is_valid():
        try:
            actions.edit_post(post=post, body=form.cleaned_data["body"], by=request.user)
        except ForumError as error:
            _refused(form, error, "body")
        else:
            messages.success(request, "The post is changed; its earlier text is in its history.")
            return redirect(_post_url(post))
    return render(
        request,
        "community/forum/edit_post.html",
        {"form": form, "post": post, "crumbs": _thread_crumbs(post)},
    )


def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every earlier text of a post, newest first (for whoever may read the post)."""
    post = access.get_post(request, pk)
    if not access.can_see_body(request.user, post):
        raise PermissionDenied
    revisions = [(r, render_markdown(r.body)) for r in post.revisions.select_related("edited_by")]
    return render(
        request,
        "community/forum/history.html",
        {
            "post": post,
            "current": render_markdown(post.body),
            "revisions": revisions,
            "crumbs": _thread_crumbs(post),
        },
    )


@permission_required(MODERATE, raise_exception=True)
def hide_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    post_request = request.method == "POST"
    form = ReasonForm(request.POST if post_request else None)
    form.fields["reason"].label = "Why is it hidden?"
    form.fields["reason"].help_text = "Its author sees this reason beside the post"
    if post_request and form.is_valid():
        try:
            actions.hide_post(post=post, reason=form.cleaned_data["reason"], by=request.user)
        except ForumError as error:
            _refused(form, error, "reason")
        else:
            messages.success(request, "The post is hidden; its author has been told why.")
            return redirect(_post_url(post))
    return render(
        request,
        "community/forum/hide_post.html",
        {"form": form, "post": post, "html": render_markdown(post.body),
         "crumbs": _thread_crumbs(post)},
    )  # fmt: skip


@require_POST
@permission_required(MODERATE, raise_exception=True)
def show_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    actions.show_post(post=post, by=request.user)
    messages.success(request, "The post is shown again.")
    return redirect(_post_url(post))


@permission_required(POST, raise_exception=True)
def report_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    post_request = request.method == "POST"
    form = ReasonForm(request.POST if post_request else None)
    form.fields["reason"].label = "What is wrong with this post?"
    if post_request and form.is_valid():
        try:
            actions.report_post(post=post, reason=form.cleaned_data["reason"], by=request.user)
        except ForumError as error:
            _refused(form, error, "reason")
        else:
            messages.success(request, "Thank you: the improvement team will look at the post.")
            return redirect(_post_url(post))
    return render(
        request,
        "community/forum/report_post.html",
        {"form": form, "post": post, "crumbs": _thread_crumbs(post)},
    )


@require_POST
def mark_answer(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post(request, pk)
    try:
        actions.mark_answer(thread=post.thread, post=post, by=request.user)
    except ForumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The reply is marked as the answer.")
    return redirect(_post_url(post))


@require_POST
@permission_required(MODERATE, raise_exception=True)
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_thread(request, pk)
    locked = request.POST.get("locked") == "1"
    actions.set_locked(thread=item, locked=locked, by=request.user)
    messages.success(request, "The thread is locked." if locked else "The thread is open again.")
    return redirect("community:forum_thread", pk=item.pk)


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_thread(request, pk)
    on = actions.set_following(user=request.user, thread=item, on=request.POST.get("on") == "1")
    messages.success(request, "You follow this thread." if on else "You no longer follow it.")
    return redirect("community:forum_thread", pk=item.pk)


@require_POST
@permission_required(VIEW, raise_exception=True)
def follow_category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(ForumCategory, slug=slug)
    on = actions.set_following(user=request.user, category=cat, on=request.POST.get("on") == "1")
    messages.success(
        request, f"You follow {cat.name}." if on else f"You no longer follow {cat.name}."
    )
    return redirect("community:forum_category", slug=cat.slug)


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
            "crumbs": _crumbs(),
        },
    )


@permission_required(UNANSWERED, raise_exception=True)
def waiting(request: HttpRequest) -> HttpResponse:
    """Threads with no answer after five days, for the coaches to pick up."""
    paging = paginate(request, queries.waiting_for_answer(), PAGE_SIZE)
    return render(
        request,
        "community/forum/waiting.html",
        {**paging, "days": queries.WAITING_DAYS, "crumbs": _crumbs()},
    )


@permission_required(MODERATE, raise_exception=True)
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/forum/reports.html",
        {"reports": queries.open_reports(), "crumbs": _crumbs()},
    )


@permission_required(VIEW, raise_exception=True)
def notifications_page(request: HttpRequest) -> HttpResponse:
    """The person's notifications; a POST marks them all read."""
    if request.method == "POST":
        actions.mark_read(user=request.user)
        messages.success(request, "All your notifications are marked as read.")
        return redirect("community:forum_notifications")
    notes = (
        ForumNotification.objects.filter(user=request.user)
        .select_related("thread", "actor")
        .order_by("-created_at", "-pk")
    )
    paging = paginate(request, notes, PAGE_SIZE)
    rows = [(n, notifications.sentence(n), notifications.link(n)) for n in paging["page"]]
    return render(
        request,
        "community/forum/notifications.html",
        {
            **paging,
            "rows": rows,
            "unread": notifications.unread_count(request.user),
            "crumbs": _crumbs(),
        },
    )


@permission_required(VIEW, raise_exception=True)
def settings_page(request: HttpRequest) -> HttpResponse:
    post_request = request.method == "POST"
    form = SettingsForm(
        request.POST if post_request else None,
        initial={"email": notifications.email_choice(request.user)},
    )
    if post_request and form.is_valid():
        ForumSetting.objects.update_or_create(
            user=request.user, defaults={"email": form.cleaned_data["email"]}
        )
        messages.success(request, "Your email choice is saved.")
        return redirect("community:forum_notifications")
    return render(request, "community/forum/settings.html", {"form": form, "crumbs": _crumbs()})


@permission_required(MANAGE_CATEGORIES, raise_exception=True)
def new_category(request: HttpRequest) -> HttpResponse:
    post_request = request.method == "POST"
    form = CategoryForm(request.POST if post_request else None)
    if post_request and form.is_valid():
        cat = form.save()
        messages.success(request, f"The category {cat.name} is added.")
        return redirect("community:forum_category", slug=cat.slug)
    return render(
        request, "community/forum/category_form.html", {"form": form, "crumbs": _crumbs()}
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
            "crumbs": _crumbs(here),
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


def _post_url(post) -> str:
    return f"{reverse('community:forum_thread', args=[post.thread_id])}#post-{post.pk}"


def _thread_crumbs(post) -> list[tuple[str, str]]:
    return _crumbs((post.thread.title, reverse("community:forum_thread", args=[post.thread_id])))
