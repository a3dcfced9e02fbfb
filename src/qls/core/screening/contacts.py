"""A UK mobile or full landline number, and a personal email address.

Extensions and bleeps are short and pass; so do trust switchboards, nhs.net
and trust email addresses.
"""

from __future__ import annotations

import re

from qls.core.screening.kinds import EMAIL, PHONE, Finding

# After normalising, a number is digit groups split by single spaces; a
# national number's first group is its area or mobile code ("01632", "020",
# "07700"), so stray figures ("0 1 100 100 100") are not read as one.
_PHONE = re.compile(r"(?<![\w+/.])(\+44|0044)? ?(?:\(0\) ?)?\(?(\d+)\)?((?: \d+){0,3})(?![\w/])")
# Trust numbers people are meant to ring are not a patient's.
_SWITCHBOARD = re.compile(
    r"(?:switchboard|main\s+line|reception|PALS|helpline)\W{0,3}$", re.IGNORECASE
)


def find_phones(text: str) -> list[Finding]:
    found = []
    for match in _PHONE.finditer(text):
        international, first, rest = match.groups()
        digits = first + rest.replace(" ", "")
        if international:
            digits = digits.removeprefix("0")
            national = len(first.removeprefix("0")) >= 2 and len(digits) == 10
        else:
            national = first.startswith("0") and len(first) >= 3 and len(digits) == 11
            digits = digits[1:]
        if not national or digits[0] not in "127":
            continue
        if _SWITCHBOARD.search(text[max(0, match.start() - 25) : match.start()]):
            continue
        found.append(Finding(PHONE, match.group()))
    return found


_PERSONAL_DOMAINS = re.compile(
    r"(?:g(?:oogle)?mail\.com|(?:hotmail|outlook|live|yahoo|aol|gmx)\.(?:com|co\.uk|net|fr)|"
    r"msn\.com|ymail\.com|icloud\.com|me\.com|mac\.com|btinternet\.com|btopenworld\.com|"
    r"sky\.com|talktalk\.net|virginmedia\.com|ntlworld\.com|blueyonder\.co\.uk|"
    r"tiscali\.co\.uk|proton(?:mail)?\.(?:com|me)|pm\.me|mail\.com|yandex\.com|"
    r"zohomail\.com|tutanota\.com)$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+'-]+@([\w-]+(?:\.[\w-]+)+)")


def find_emails(text: str) -> list[Finding]:
    return [
        Finding(EMAIL, m.group())
        for m in _EMAIL.finditer(text)
        if _PERSONAL_DOMAINS.fullmatch(m.group(1))
    ]
