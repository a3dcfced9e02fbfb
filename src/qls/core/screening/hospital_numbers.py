"""A hospital (unit) number after a cue such as "MRN", or in the trust's own formats.

The trust's formats are regular expressions in ``settings.QLS_LOCAL_PATIENT_ID_PATTERNS``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qls.core.screening.kinds import HOSPITAL_NUMBER, Finding

_HOSPITAL_CUE = re.compile(
    r"(?:\bMRN\b|\bhosp(?:ital)?\.?\s*(?:number|num|no)\b\.?|\bunit\s*(?:number|num|no)\b\.?|"
    r"\bcase\s*note\s*(?:number|no)\b\.?|\bPAS\s*(?:number|no|id)\b\.?|\bK\s*number\b|"
    r"\bpatient\s*(?:id|number|no)\b\.?|\bRTX\s*no\b\.?)"
    r"\s*(?:is|was|[:#=\-\u2013])?\s*([A-Z]{0,3}\s?\d[\dA-Z ]{3,11}\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def _compile_local(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    return [re.compile(rf"(?<![\w])(?:{p})(?![\w])") for p in patterns]


def _local_patterns() -> list[re.Pattern[str]]:
    from django.conf import settings

    patterns = getattr(settings, "QLS_LOCAL_PATIENT_ID_PATTERNS", ())
    return _compile_local(tuple(patterns))


def find_hospital_numbers(text: str) -> list[Finding]:
    found = []
    for match in _HOSPITAL_CUE.finditer(text):
        # An id holds at least four digits: "unit no 12" is a ward unit.
        if sum(c.isdigit() for c in match.group(1)) >= 4:
            found.append(Finding(HOSPITAL_NUMBER, match.group()))
    for pattern in _local_patterns():
        found.extend(Finding(HOSPITAL_NUMBER, m.group()) for m in pattern.finditer(text))
    return found
