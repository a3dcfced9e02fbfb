"""Writes to the resource library: publish, edit, add a version, count a download.

Each is keyword-only and atomic. The file is checked (``files.check``)
before anything is written; if the database write fails after the file was
stored, the stored file is removed, so a refused upload leaves nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify

from qls.community.resources import files
from qls.community.resources.models import Resource, ResourceVersion

_RESERVED = frozenset({"new"})


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "resource"
    if base in _RESERVED:
        base = f"{base}-resource"
    slug, n = base, 2
    while Resource.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _store_version(
    *, resource: Resource, upload, note: str, by: Any, stored: list[ResourceVersion]
) -> ResourceVersion:
    kind = files.check(upload)
    latest = resource.versions.aggregate(n=Max("number"))["n"] or 0
    version = ResourceVersion(
        resource=resource,
        number=latest + 1,
        original_name=upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200],
        content_type=kind.value,
        size=upload.size,
        note=note,
        uploaded_by=by,
    )
    version.file.save(upload.name, upload, save=False)
    stored.append(version)
    version.save()
    return version


def _forget_files(stored: list[ResourceVersion]) -> None:
    for version in stored:
        version.file.delete(save=False)


def publish_resource(
    *, title: str, description: str, tags: str, module: str, upload, note: str = "", by: Any
) -> Resource:
    """A new resource with its first version. Raises ``FileRefused`` for a bad file."""
    files.check(upload)  # before the resource row exists
    stored: list[ResourceVersion] = []
    try:
        with transaction.atomic():
            resource = Resource.objects.create(
                title=title,
                slug=_unique_slug(title),
                description=description,
                tags=tags,
                module=module,
                created_by=by,
            )
            _store_version(
                resource=resource,
                upload=upload,
                note=note or "First version.",
                by=by,
                stored=stored,
            )
    except BaseException:
        _forget_files(stored)
        raise
    return resource


def add_version(*, resource: Resource, upload, note: str, by: Any) -> ResourceVersion:
    """A new version of ``resource``; the old ones are kept. Raises ``FileRefused``."""
    files.check(upload)
    stored: list[ResourceVersion] = []
    try:
        with transaction.atomic():
            # One upload at a time per resource, so two never take the same number.
            Resource.objects.select_for_update().filter(pk=resource.pk).first()
            version = _store_version(
                resource=resource, upload=upload, note=note, by=by, stored=stored
            )
            resource.save(update_fields=["updated_at"])
    except BaseException:
        _forget_files(stored)
        raise
    return version


def edit_resource(
    *, resource: Resource, title: str, description: str, tags: str, module: str
) -> Resource:
    """Change what the library says about a resource; its address (slug) stays."""
    with transaction.atomic():
        resource.title, resource.description = title, description
        resource.tags, resource.module = tags, module
        resource.save(update_fields=["title", "description", "tags", "module", "updated_at"])
    return resource


def record_download(*, version: ResourceVersion) -> None:
    """Count one download of ``version`` and of its resource, in the database (no lost updates)."""
    with transaction.atomic():
        ResourceVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)
        Resource.objects.filter(pk=version.resource_id).update(
            download_count=F("download_count") + 1
        )
