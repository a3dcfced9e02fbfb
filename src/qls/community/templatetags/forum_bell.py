"""The forum's bell in the header: a link to the person's notifications, with the unread count.

Loaded by core's header template by name, so core imports nothing of the community.
"""

from __future__ import annotations

from django import template

from qls.community.forum.notifications import unread_count
from qls.community.forum.permissions import VIEW

register = template.Library()


@register.inclusion_tag("community/forum/_bell.html", takes_context=True)
def notification_bell(context) -> dict:
    user = context.get("user")
    show = bool(user and user.is_authenticated and user.has_perm(VIEW))
    return {"show": show, "count": unread_count(user) if show else 0}
