"""The one way a form chooses a member of staff: ``StaffField`` (or
``StaffListField`` for several in one box).

The directory holds thousands of people, so the field is a box, not a
select: a staff number, a work email, or a name picked from the suggestions
``StaffInput`` shows as the person types.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from qls.core.limits import LONG_TEXT_MAX
from qls.organisation.forms import StaffInput
from qls.organisation.models import StaffMember
from qls.organisation.services import staff_number_from_suggestion


def find_staff(text: str, among: QuerySet[StaffMember] | None = None) -> StaffMember | None:
    """An active staff member by staff number or work email (exact, case-insensitive),
    or by a suggestion picked in a ``StaffInput`` ("Name (staff number)")."""
    text = staff_number_from_suggestion(text or "")
    if not text:
        return None
    people = StaffMember.objects.all() if among is None else among
    return (
        people.filter(Q(staff_number=text) | Q(email__iexact=text), active=True)
        .select_related("site")
        .first()
    )


class StaffField(forms.CharField):
    """A person on the staff directory; ``among`` narrows who may be chosen."""

    def __init__(self, *, among: QuerySet[StaffMember] | None = None, **kwargs: Any) -> None:
        self.among = among
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "help_text",
            "Start typing their name and choose them from the list, or give their staff "
            "number or work email",
        )
        kwargs.setdefault("widget", StaffInput)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        # An edit form's initial value is the person, or their primary key.
        if isinstance(value, StaffMember):
            return value.staff_number
        if isinstance(value, int):
            found = StaffMember.objects.filter(pk=value).values_list("staff_number", flat=True)
            return found.first() or ""
        return value

    def clean(self, value: Any) -> StaffMember | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        staff = find_staff(text, self.among)
        if staff is None:
            raise ValidationError(
                f"No one in the staff directory has the staff number or email '{text}'",
                code="unknown_staff",
            )
        return staff


class StaffListField(forms.CharField):
    """Several people on the staff directory in one box: staff numbers or work
    emails, separated by new lines, commas, semicolons or spaces, each found
    as ``StaffField`` finds one. Cleans to the people in the order given."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", LONG_TEXT_MAX)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        # An edit form's initial value is the people, or their primary keys.
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            return value
        pks = [getattr(item, "pk", item) for item in value]
        numbers = dict(StaffMember.objects.filter(pk__in=pks).values_list("pk", "staff_number"))
        return "\n".join(numbers[pk] for pk in pks if pk in numbers)

    def clean(self, value: Any) -> list[StaffMember]:  # type: ignore[override]
        text = super().clean(value) or ""
        people: list[StaffMember] = []
        unknown: list[str] = []
        for entry in dict.fromkeys(re.split(r"[\s,;]+", text)):
            if not entry:
                continue
            person = find_staff(entry)
            if person is None:
                unknown.append(entry)
            elif person not in people:
                people.append(person)
        if unknown:
            raise ValidationError(
                "No one in the staff directory has the staff number or email "
                + ", ".join(f"'{u}'" for u in unknown[:10]),
                code="unknown_staff",
            )
        return people
