"""The demo trust's resource library (``manage.py demo``): 40 resources, some in several versions.

The files are made on the spot (``samples``) and kept in storage like any
upload; download counts are skewed, as real use is, so "most used" means
something. Rows are bulk-created (no audit history for generated data).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify

from qls.community.resources import samples
from qls.community.resources.files import EXTENSIONS
from qls.community.resources.models import Resource, ResourceVersion, version_path
from qls.demo.community.resources_data import RESOURCES
from qls.demo.context import DemoContext, DemoStep

_NOTES = [
    "Clearer instructions on the first page.",
    "Adds a worked example.",
    "Updated after feedback from the Practitioner cohort.",
]


def _content(kind: str, title: str, description: str) -> bytes:
    lines = [description[i : i + 90] for i in range(0, len(description), 90)]
    lines += ["", "Synthetic demonstration file. Improvement team, demo trust."]
    if kind == "pdf":
        return samples.pdf(title, lines)
    if kind == "docx":
        return samples.docx(title, lines)
    if kind == "xlsx":
        return samples.xlsx(title, ["Week", "Value", "Note"])
    if kind == "pptx":
        return samples.pptx(title, lines[:4])
    return samples.png(120, 80)


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("community-resources")
    by = ctx.users.get("improvement")
    now = timezone.now()
    resources = Resource.objects.bulk_create(
        Resource(
            title=title, slug=slugify(title)[:80], description=description, tags=tags,
            module=module, created_by=by,
        )
        for title, module, _kind, tags, description in RESOURCES
    )  # fmt: skip
    versions = []
    for resource, (title, _module, kind, _tags, description) in zip(
        resources, RESOURCES, strict=True
    ):
        created = now - dt.timedelta(days=rng.randint(3, 700))
        count = rng.choice([1, 1, 1, 2, 2, 3])
        downloads = [min(int(rng.paretovariate(1.2) * 6), 400) for _ in range(count)]
        for number in range(1, count + 1):
            version = ResourceVersion(
                resource=resource, number=number, original_name=f"{resource.slug}.{kind}",
                content_type=EXTENSIONS[kind].value, note=_NOTES[number - 2] if number > 1 else
                "First version.", download_count=downloads[number - 1], uploaded_by=by,
            )  # fmt: skip
            data = _content(kind, f"{title} (version {number})", description)
            version.size = len(data)
            version.file.name = _save_over(version_path(version, version.original_name), data)
            version.uploaded_at = created + dt.timedelta(days=60 * (number - 1))
            versions.append(version)
        Resource.objects.filter(pk=resource.pk).update(
            created_at=created, updated_at=versions[-1].uploaded_at, download_count=sum(downloads)
        )
    ResourceVersion.objects.bulk_create(versions)
    # auto_now_add set every upload to now; put back when each was uploaded.
    for version in versions:
        ResourceVersion.objects.filter(resource=version.resource, number=version.number).update(
            uploaded_at=version.uploaded_at
        )


def _save_over(path: str, data: bytes) -> str:
    """Store the demo file at exactly ``path``, replacing one a previous build left.

    Saved beside an existing file, the storage would add a random suffix to
    the name, and seven random letters can read as a postcode to the
    identifier scan; the demo's names are QLS's own and stay that way.
    """
    default_storage.delete(path)
    return default_storage.save(path, ContentFile(data))


def reset(ctx: DemoContext) -> None:
    for name in ResourceVersion.objects.values_list("file", flat=True):
        if name:
            default_storage.delete(name)
    ResourceVersion.objects.all().delete()
    Resource.history.all().delete()
    Resource.objects.all().delete()


STEP = DemoStep("community-resources", build, reset)
