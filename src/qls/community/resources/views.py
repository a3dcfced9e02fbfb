"""The resource library: browse and search, a resource and its versions, publish, download."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qls.community.resources import actions, queries
from qls.community.resources import permissions as perms
from qls.community.resources.access import get_resource, get_version, require
from qls.community.resources.errors import FileRefused
from qls.community.resources.forms import NewResourceForm, ResourceForm, VersionForm
from qls.community.resources.models import QsirModule
from qls.community.views import crumbs as community_crumbs


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return community_crumbs(("Resources", reverse("community:resources_index")), *extra)


def index(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    q = request.GET.get("q", "").strip()[:200]
    module = request.GET.get("module", "")
    if module not in QsirModule.values:
        module = ""
    tag = request.GET.get("tag", "").strip()[:100]
    found = queries.search(q=q, module=module, tag=tag)
    return render(
        request,
        "community/resources/index.html",
        {
            "resources": found,
            "most_used": queries.most_used(),
            "q": q,
            "module": module,
            "tag": tag,
            "modules": QsirModule.choices,
            "filtered": bool(q or module or tag),
            "can_add": request.user.has_perm(perms.ADD),
            "crumbs": community_crumbs(),
        },
    )


def resource(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_resource(request.user, slug)
    return render(
        request,
        "community/resources/resource.html",
        {
            "resource": found,
            "versions": found.versions.select_related("uploaded_by"),
            "can_manage": request.user.has_perm(perms.MANAGE),
            "crumbs": crumbs(),
        },
    )


def new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.ADD)
    form = NewResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.publish_resource(
                title=data["title"],
                description=data["description"],
                tags=data["tags"],
                module=data["module"],
                upload=data["file"],
                by=request.user,
            )
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(request, f"{created.title} is in the library.")
            return redirect(created)
    return render(
        request,
        "community/resources/resource_form.html",
        {"form": form, "heading": "Add a resource", "crumbs": crumbs()},
    )


def edit(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_resource(request.user, slug, manage=True)
    form = ResourceForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.edit_resource(
            resource=found,
            title=data["title"],
            description=data["description"],
            tags=data["tags"],
            module=data["module"],
        )
        messages.success(request, f"{found.title} saved.")
        return redirect(found)
    return render(
        request,
        "community/resources/resource_form.html",
        {
            "form": form,
            "heading": f"Edit {found.title}",
            "resource": found,
            "crumbs": crumbs((found.title, found.get_absolute_url())),
        },
    )


def version_new(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_resource(request.user, slug, manage=True)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.add_version(
                resource=found,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(
                request,
                f"Version {version.number} of {found.title} uploaded; earlier versions are kept.",
            )
            return redirect(found)
    return render(
        request,
        "community/resources/version_form.html",
        {
            "form": form,
            "resource": found,
            "crumbs": crumbs((found.title, found.get_absolute_url())),
        },
    )


def _serve(version) -> FileResponse:
    actions.record_download(version=version)
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    # Served as a download only: the browser must neither guess a type nor run it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def download(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest version's file."""
    return _serve(get_version(request.user, slug))


def version_download(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """An earlier (or the latest) version's file, kept as it was uploaded."""
    return _serve(get_version(request.user, slug, number))
