"""Template tags for coaching sections shown on other pages of the learning area."""

from __future__ import annotations

from django import template

from qls.capability.coaching.pipeline import coach_pipeline

register = template.Library()


@register.inclusion_tag("capability/coaching/_pipeline.html")
def coach_pipeline_section() -> dict:
    """The coach pipeline partial, computed on the spot: ``{% coach_pipeline_section %}``."""
    return {"pipeline": coach_pipeline()}
