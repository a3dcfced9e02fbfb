"""Library resources in other parts' pages.

``{% resource_link "pdsa-form" %}``: a link to a library resource by its
address, for the e-learning, the forum and course pages. A resource that has
gone shows its label (or nothing) rather than a broken link.

``{% related_resources text %}``: the tools whose tags the text mentions, as
a short list headed "From the resource library" (nothing if none match).
"""

from __future__ import annotations

from typing import Any

from django import template

from qls.community.resources import queries
from qls.community.resources.models import Resource

register = template.Library()


@register.inclusion_tag("community/resources/_link.html")
def resource_link(slug: str, label: str = "") -> dict[str, Any]:
    return {"resource": Resource.objects.filter(slug=slug).first(), "label": label}


@register.inclusion_tag("community/resources/_related.html")
def related_resources(text: str) -> dict[str, Any]:
    return {"resources": queries.related_to(text or "")}
