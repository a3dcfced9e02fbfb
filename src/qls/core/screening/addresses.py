"""A full UK postcode (an outward code alone passes) and a street address."""

from __future__ import annotations

import re

from qls.core.screening.kinds import ADDRESS, POSTCODE, Finding

# Area letters never used first: Q, V, X; second: I, J, Z. Inward letters
# never use C, I, K, M, O, V. Ordinals ("Q1 2nd") are not inward codes.
_POSTCODE = re.compile(
    r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?)\s?(?!\d(?:st|nd|rd|th)\b)\d[ABD-HJLNP-UW-Z]{2}\b"
    r"|\bGIR\s?0AA\b",
    re.IGNORECASE,
)
_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Grove|Gardens|Place|"
    r"Court|Terrace|Hill|Row|Mews|Walk|Square|Rise|Parade|Boulevard|Chase|Meadows?|Fields?)"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}\b\.?"
    r"|\bFlat\s+\d{1,4}[A-Za-z]?\b,?\s+[A-Z]"
)


def find_postcodes(text: str) -> list[Finding]:
    return [Finding(POSTCODE, m.group()) for m in _POSTCODE.finditer(text)]


def find_addresses(text: str) -> list[Finding]:
    return [Finding(ADDRESS, m.group()) for m in _ADDRESS.finditer(text)]
