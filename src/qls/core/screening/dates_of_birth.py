"""A date of birth: a date or year after "DOB", "d.o.b.", "date of birth", "born"."""

from __future__ import annotations

import re

from qls.core.screening.kinds import DATE_OF_BIRTH, Finding

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}"
    r"|\d{1,2} \d{1,2} \d{2,4}"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{2,4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|(?:19|20)\d{2}\b)"
)
_DOB = re.compile(
    r"(?:\bD\.?\s?O\.?\s?B\b\.?|\bdate\s+of\s+birth\b|\bborn\b|\bb\.(?=\s*\d))"
    rf"\s*(?:[:=\-\u2013]|\bis\b|\bwas\b|\bon\b|\bin\b)?\s*(?:[:=\-\u2013]\s*)?({_DATE})",
    re.IGNORECASE,
)


def find_dates_of_birth(text: str) -> list[Finding]:
    return [Finding(DATE_OF_BIRTH, m.group()) for m in _DOB.finditer(text)]
