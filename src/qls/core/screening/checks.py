"""The checks every caller goes through: find, the yes/no, the refusal message, many fields at once."""

from __future__ import annotations

from collections.abc import Mapping

from qls.core.screening.addresses import find_addresses, find_postcodes
from qls.core.screening.contacts import find_emails, find_phones
from qls.core.screening.dates_of_birth import find_dates_of_birth
from qls.core.screening.hospital_numbers import find_hospital_numbers
from qls.core.screening.kinds import MESSAGE_FOR_KIND, NHS_NUMBER, Finding
from qls.core.screening.names import find_names
from qls.core.screening.nhs_numbers import find_nhs_numbers
from qls.core.screening.normalising import normalise


def find_patient_identifiers(text: str | None) -> list[Finding]:
    """Every identifier in ``text``, NHS numbers first, then by kind."""
    if not text or not isinstance(text, str):
        return []
    clean = normalise(text)
    found = [Finding(NHS_NUMBER, n) for n in find_nhs_numbers(clean)]
    for detector in (
        find_names,
        find_dates_of_birth,
        find_hospital_numbers,
        find_postcodes,
        find_addresses,
        find_phones,
        find_emails,
    ):
        found.extend(detector(clean))
    return found


def contains_patient_identifier(text: str | None) -> bool:
    """True when ``text`` holds anything that could identify a patient.

    >>> contains_patient_identifier("Mrs Ada Okoro, 84, bed 7")
    True
    >>> contains_patient_identifier("PDSA 3 started on 04/05/2026 in bay 3")
    False
    """
    return bool(find_patient_identifiers(text))


def message_for(text: str | None, field: str) -> str | None:
    """The refusal message for ``text`` in ``field``, or None when it is clean."""
    found = find_patient_identifiers(text)
    if not found:
        return None
    return MESSAGE_FOR_KIND.format(kind=found[0].kind, field=field)


def screen(fields: Mapping[str, str | None]) -> dict[str, str]:
    """Check several labelled texts at once: ``{label: message}`` for each that fails.

    For input that does not come through a Django form (API payloads, rows of
    an import): the caller reports every failing field, and writes nothing.
    """
    problems = {}
    for label, value in fields.items():
        name = label.lower() if label[:1].isupper() else label
        if isinstance(value, str) and (message := message_for(value, name)):
            problems[label] = message
    return problems
