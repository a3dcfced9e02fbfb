"""How long a piece of text may be, in one place.

Every text field has a limit suited to what it holds: a title or a name
fits on a line, a problem statement or a note fits on a few pages. Unbounded
text lets one entry make every search for its words, and every poster or
report that prints it, slow for everyone. The limits are enforced at each
door: forms (``NHSFormMixin`` gives every text input a message naming the
field), imports (``cell_problems``) and the API, and the database (a
CharField's length, or ``text_limits`` check constraints on TextFields).
docs/deployment.md says what happens to text stored before the limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.deconstruct import deconstructible

TITLE_MAX = 200  # titles and names: one line
LONG_TEXT_MAX = 10_000  # problem, aim, notes, descriptions: a few pages
EXPRESSION_MAX = 2_000  # SQL expressions of a record-level metric definition
# What one project's search document may hold (see qls.projects.search).
SEARCH_SUMMARY_MAX = 25_000  # problem + aim + tags and place
SEARCH_DETAIL_MAX = 50_000  # change ideas, PDSA notes and lessons

SHORTENED_MARK = " […]"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def too_long_message(label: str, length: int, limit: int, *, capitalise: bool = True) -> str:
    """'Problem statement must be 10,000 characters or fewer (it has 10,512).'

    An import's column keeps its name as written in the file (``capitalise=False``).
    """
    label = _capitalised(str(label)) if capitalise else str(label)
    return f"{label} must be {limit:,} characters or fewer (it has {length:,})."


def length_problem(label: str, value: Any, limit: int) -> str | None:
    """The message for ``value`` if it is text longer than ``limit``, else None."""
    if isinstance(value, str) and len(value) > limit:
        return too_long_message(label, len(value), limit)
    return None


def cell_problems(row: Mapping[str, Any], limits: Mapping[str, int]) -> list[str]:
    """Messages for the cells of an import's row longer than their column allows.

    Checked before anything else reads the row, so a long cell is never
    screened, looked up or quoted back; the message names the column, and
    the caller adds the line.
    """
    return [
        too_long_message(column, len(value), limit, capitalise=False)
        for column, limit in limits.items()
        if isinstance(value := row.get(column), str) and len(value) > limit
    ]


@deconstructible
class LengthLimitValidator:
    """A form field's length check whose message names the field by its label."""

    code = "max_length"

    def __init__(self, label: str, limit: int) -> None:
        self.label, self.limit = label, limit

    def __call__(self, value: Any) -> None:
        if message := length_problem(self.label, value, self.limit):
            raise ValidationError(message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LengthLimitValidator) and (self.label, self.limit) == (
            other.label,
            other.limit,
        )


def name_length_limits(fields: Mapping[str, Any]) -> None:
    """Give each text form field with a ``max_length`` the message that names it.

    Django's own message ("Ensure this value has at most 10000 characters")
    names neither the field nor the limit in the trust's words. Textareas
    lose the browser's ``maxlength``, which cuts pasted text short without a
    word; the server's message says what is too long instead.
    """
    from django import forms
    from django.core.validators import MaxLengthValidator

    for name, field in fields.items():
        if not isinstance(field, forms.CharField) or field.max_length is None:
            continue
        label = str(field.label or name.replace("_", " "))
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ] + [LengthLimitValidator(label, field.max_length)]
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.pop("maxlength", None)


def text_limits(**limits: int) -> list[models.CheckConstraint]:
    """Check constraints keeping each named TextField within its limit in the database.

    ``constraints = [*text_limits(problem=LONG_TEXT_MAX)]`` in a model's Meta.
    A NULL length passes, like any check on NULL.
    """
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), limit),
            name=f"%(app_label)s_%(class)s_{name}_length",
            violation_error_message=_capitalised(name.replace("_", " "))
            + f" must be {limit:,} characters or fewer.",
        )
        for name, limit in limits.items()
    ]
