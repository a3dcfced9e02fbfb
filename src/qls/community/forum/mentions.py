"""@mentions in a post: ``@Name (staff number)``, as the staff box suggests them.

The suggestion list under a post (the staff directory's own, as it is typed
into) fills in "Name (staff number)"; the staff number in brackets is what
identifies the person, so two people with one name are never confused.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from qls.organisation.models import StaffMember

_MENTION = re.compile(r"@[^@()\n]{1,100}?\(([A-Za-z0-9][A-Za-z0-9\-/]{0,19})\)")


def staff_numbers(text: str) -> list[str]:
    """The staff numbers mentioned in ``text``, in order, without repeats.

    >>> staff_numbers("Thanks @Ana Diaz (E1002) and @Ana Diaz (E1002), @Bo (7)")
    ['E1002', '7']
    """
    seen: dict[str, None] = {}
    for number in _MENTION.findall(text or ""):
        seen.setdefault(number, None)
    return list(seen)


def mentioned_users(text: str) -> list:
    """The accounts of the active staff mentioned in ``text`` (people without one are skipped)."""
    numbers = staff_numbers(text)
    if not numbers:
        return []
    user_ids = StaffMember.objects.filter(
        staff_number__in=numbers, active=True, user__isnull=False
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=list(user_ids), is_active=True))


def mention_text(staff: StaffMember) -> str:
    """How a chosen person is written into a post."""
    return f"@{staff.full_name} ({staff.staff_number})"
