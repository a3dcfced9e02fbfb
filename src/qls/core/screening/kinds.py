"""The kinds of identifier, a finding of one, and the refusal message that names it."""

from __future__ import annotations

from dataclasses import dataclass

MESSAGE_FOR_KIND = (
    "Remove the {kind} from {field}. QLS must not hold information that identifies a patient."
)
# Kept for callers that format the NHS-number message themselves.
MESSAGE = MESSAGE_FOR_KIND.replace("{kind}", "NHS number")

NHS_NUMBER = "NHS number"
NAME = "patient's name"
DATE_OF_BIRTH = "date of birth"
HOSPITAL_NUMBER = "hospital number"
POSTCODE = "postcode"
ADDRESS = "address"
PHONE = "phone number"
EMAIL = "personal email address"


@dataclass(frozen=True)
class Finding:
    """One identifier found: what kind it is and the text that matched."""

    kind: str
    text: str
