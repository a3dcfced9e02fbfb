"""``{% resource_link "pdsa-form" %}``: a link to a library resource by its address.

For the e-learning, the forum and course pages. A resource that has gone
shows its label (or nothing) rather than a broken link.
"""

from __future__ import annotations

from typing import Any

from django import template

from qls.community.resources.models import Resource

register = template.Library()


@register.inclusion_tag("community/resources/_link.html")
def resource_link(slug: str, label: str = "") -> dict[str, Any]:
    return {"resource": Resource.objects.filter(slug=slug).first(), "label": label}
