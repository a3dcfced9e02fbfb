"""Screening free text for patient identifiers before it is saved.

QLS holds aggregated data only. Anything a person types — a problem
statement, a PDSA note, an issue raised at a ward event — is checked for an
NHS number before it is stored, and refused with a message naming the field.

An NHS number is ten digits whose last is a modulus-11 check digit (NHS Data
Dictionary, "NHS number"). People write it as ``943 476 5919``,
``943-476-5919`` or ``9434765919``; all three are found. Ten-digit runs that
fail the check (phone numbers, most order numbers) pass, so staff can still
write "call 0123456789".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError

# Ten digits, optionally grouped 3-3-4 by single spaces or hyphens, not part
# of a longer run of digits.
_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")

MESSAGE = (
    "Remove the NHS number from {field}. QLS must not hold information that identifies a patient."
)


def is_valid_nhs_number(digits: str) -> bool:
    """True when ten digits pass the NHS number modulus-11 check.

    >>> is_valid_nhs_number("9434765919")
    True
    >>> is_valid_nhs_number("9434765918")
    False
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    # A remainder giving 10 means no valid number can end this way.
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> list[str]:
    """Every valid NHS number in ``text``, as ten digits, in order of appearance."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        digits = "".join(match.groups())
        if is_valid_nhs_number(digits):
            found.append(digits)
    return found


def contains_patient_identifier(text: str) -> bool:
    return bool(find_nhs_numbers(text))


def validate_no_patient_identifiers(value: str, field: str = "this answer") -> None:
    """Raise ``ValidationError`` (code ``patient_identifier``) if ``value`` holds one."""
    if contains_patient_identifier(value):
        raise ValidationError(MESSAGE.format(field=field), code="patient_identifier")


def screen(fields: Mapping[str, str | None]) -> dict[str, str]:
    """Check several labelled texts at once: ``{label: message}`` for each that fails.

    For input that does not come through a Django form (API payloads, rows of
    an import): the caller reports every failing field, and writes nothing.
    """
    return {
        label: MESSAGE.format(field=label.lower() if label[:1].isupper() else label)
        for label, value in fields.items()
        if value and contains_patient_identifier(value)
    }


class ScreenedFormMixin:
    """Screens every text field of a form (``CharField`` and ``Textarea``).

    Put it before the form class; the error goes on the field, in words that
    name it by its label, and the form is invalid so nothing is saved. List
    names in ``unscreened_fields`` for fields that legitimately hold ten
    digits (none do yet).
    """

    unscreened_fields: Iterable[str] = ()

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        from django import forms

        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if name in self.unscreened_fields or not isinstance(field, forms.CharField):
                continue
            value = cleaned.get(name)
            if isinstance(value, str) and contains_patient_identifier(value):
                label = str(field.label or name.replace("_", " ")).lower()
                self.add_error(name, MESSAGE.format(field=label))  # type: ignore[attr-defined]
        return cleaned
