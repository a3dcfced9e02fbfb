"""Screening free text for patient identifiers before it is saved.

QLS holds aggregated data only. Anything a person types — a problem
statement, a PDSA note, an issue raised at a ward event, the name of an
uploaded file — is checked before it is stored, and refused with a message
that says what kind of identifier was found and names the field.

``contains_patient_identifier`` is the one entry point; the validator, the
form mixin and ``screen`` all go through it (``checks``); each detector is a
module of this package. docs/patient-identifiers.md lists what is caught and
what is deliberately let through.

The text is first normalised so that the same identifier written differently
is found the same way: Unicode NFKC (full-width digits, non-breaking spaces),
zero-width characters removed, and any run of dashes, dots or spaces between
digits read as one separator. Then each detector looks for one kind:

* an NHS number: ten digits passing the modulus-11 check (NHS Data
  Dictionary), however grouped;
* a patient's name: a lay title (Mr, Mrs, Ms, Miss, Mx, Master) before a
  capitalised name — unless a staff role follows ("Mr Khan, consultant
  surgeon") — or a name beside an age ("John Smith aged 79"). Dr, Prof,
  Sister, Nurse and the like are staff titles and are not refused;
* a date of birth: a date or year after "DOB", "d.o.b.", "date of birth",
  "born";
* a hospital (unit) number: an alphanumeric id after "MRN", "hospital
  number", "unit no" and similar, and anything matching the trust's own
  formats in ``settings.QLS_LOCAL_PATIENT_ID_PATTERNS``;
* a full UK postcode ("SS16 5NL"; an outward code alone, "SS16", is fine);
* a street address ("27 High Street");
* a UK mobile or full landline phone number (extensions and bleeps are
  short and pass);
* a personal email address (gmail, hotmail, btinternet…; nhs.net and trust
  addresses pass).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from qls.core.screening.checks import (
    contains_patient_identifier,
    find_patient_identifiers,
    message_for,
    screen,
)
from qls.core.screening.forms import ScreenedFormMixin
from qls.core.screening.kinds import MESSAGE, MESSAGE_FOR_KIND, Finding
from qls.core.screening.nhs_numbers import find_nhs_numbers, is_valid_nhs_number

__all__ = [
    "MESSAGE",
    "MESSAGE_FOR_KIND",
    "Finding",
    "ScreenedFormMixin",
    "contains_patient_identifier",
    "find_nhs_numbers",
    "find_patient_identifiers",
    "is_valid_nhs_number",
    "message_for",
    "screen",
    "validate_file_name",
    "validate_no_patient_identifiers",
]

# The two validators are defined here, not re-exported: a migration names a
# validator by the module that defines it, and hundreds of migrations name
# these two as ``qls.core.screening.<name>``.


def validate_no_patient_identifiers(value: str, field: str = "this answer") -> None:
    """Raise ``ValidationError`` (code ``patient_identifier``) if ``value`` holds one.

    A plain function so model fields can list it in ``validators=[...]`` and
    migrations can refer to it by its import path.
    """
    if isinstance(value, str) and (message := message_for(value, field)):
        raise ValidationError(message, code="patient_identifier")


def validate_file_name(value) -> None:
    """Refuse an uploaded file whose name holds an identifier ("scan_MRN_4471920.pdf").

    Takes the upload or the stored file; only the last part of the path is
    the name a person chose. A plain function, for ``validators=[...]``.
    """
    name = getattr(value, "name", value) or ""
    if isinstance(name, str):
        validate_no_patient_identifiers(name.replace("\\", "/").rsplit("/", 1)[-1], "the file name")
