"""A patient's name: a lay title before a capitalised name (unless a staff role
follows), or a name beside an age. Staff titles (Dr, Prof, Sister, Nurse) are not refused.
"""

from __future__ import annotations

import re

from qls.core.screening.kinds import NAME, Finding
from qls.core.screening.not_names import NOT_NAMES

_NAME_WORD = r"[A-Z](?:[a-z]+|['\u2019][A-Z][a-z]+)(?:-[A-Z]?[a-z]+)?"
_LAY_TITLE = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?\s+((?:[A-Z]\.?\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
)
# A role soon after the name makes it a member of staff: UK surgeons are "Mr".
_STAFF_ROLE = re.compile(
    # A consultant's list or clinic: "Mr Patel's clinic list is full".
    r"['\u2019]s\s+(?:clinic|list|team|theatre|firm|ward\s+round|secretary|registrar)\b|"
    r"[\s,(\u2013-]{0,4}(?:is\s+|was\s+)?(?:the\s+|our\s+|a\s+)?(?:\w+\s+)?"
    r"(?:consultant|surgeon|registrar|matron|anaesthetist|physician|nurse|sister|"
    r"charge\s+nurse|lead|manager|director|physio|therapist|pharmacist|chaplain|midwife|"
    r"F[Yy]\d|SH[Oo]|HCA|AHP|ANP|CNS|ODP|chair|executive|governor|sponsor|coach)",
    re.IGNORECASE,
)
_NAME_AGE = re.compile(
    rf"\b({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})"
    r"(?:\s*,\s*|\s+)(?:aged\s+|age\s+|\(\s*)?(\d{1,3})"
    r"(?:\s*(?:yo\b|y/o|years?\s+old|yrs?\s+old|\)|,|\s+(?:in\s+)?bed\b))"
    r"|"
    rf"\b({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s*,?\s+aged\s+(\d{{1,3}})(?![\d+\-\u2013]|\s*(?:and|or|to|-)\b)"
)


def find_names(text: str) -> list[Finding]:
    found = []
    for match in _LAY_TITLE.finditer(text):
        words = match.group(1).split()
        if words[-1] in NOT_NAMES or words[0] in NOT_NAMES:
            continue
        if _STAFF_ROLE.match(text, match.end()):
            continue
        found.append(Finding(NAME, match.group()))
    for match in _NAME_AGE.finditer(text):
        name = match.group(1) or match.group(3)
        if any(word in NOT_NAMES for word in name.split()):
            continue
        age = int(match.group(2) or match.group(4))
        if 0 < age < 120:
            found.append(Finding(NAME, match.group()))
    return found
