"""Reading the resource library: search and filter, newest, most used, related."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from qls.community.resources.models import Resource

MOST_USED = 5


def search(*, q: str = "", module: str = "", tag: str = "") -> list[Resource]:
    """Resources whose title, description or tags hold every word of ``q``, by title.

    ``tag`` is one whole tag, in any case ("form" finds "PDSA form"'s tag
    "form", not "formula").
    """
    found = Resource.objects.all()
    for word in q.split()[:10]:
        found = found.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(tags__icontains=word)
        )
    if module:
        found = found.filter(module=module)
    if tag:
        found = found.filter(tags__icontains=tag)
    wanted = tag.casefold()
    return [
        r
        for r in found.order_by("title")
        if not wanted or wanted in (t.casefold() for t in r.tag_list)
    ]


def most_used(limit: int = MOST_USED) -> QuerySet[Resource]:
    return Resource.objects.filter(download_count__gt=0).order_by("-download_count", "title")[
        :limit
    ]


def newest(limit: int = MOST_USED) -> QuerySet[Resource]:
    return Resource.objects.order_by("-created_at", "-pk")[:limit]


def for_courses(limit: int) -> QuerySet[Resource]:
    """The library's tools for a course page: most downloaded first, new ones too."""
    return Resource.objects.order_by("-download_count", "title")[:limit]


def related_to(text: str, limit: int = 3) -> list[Resource]:
    """Tools whose tags appear in ``text`` as whole words, in any case: the most tags
    matched first, then the most downloaded. For a forum question, say."""
    words = text.casefold()
    scored = []
    for resource in Resource.objects.only("title", "slug", "tags", "download_count"):
        hits = sum(
            1
            for tag in resource.tag_list
            if len(tag) > 2 and re.search(rf"(?<!\w){re.escape(tag.casefold())}(?!\w)", words)
        )
        if hits:
            scored.append((-hits, -resource.download_count, resource.title, resource))
    return [row[-1] for row in sorted(scored, key=lambda row: row[:3])[:limit]]
