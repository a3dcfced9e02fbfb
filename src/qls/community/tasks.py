"""Background jobs of the community, found by Huey's consumer; each part keeps its own."""

from qls.community.forum.tasks import forum_daily_digest

__all__ = ["forum_daily_digest"]
