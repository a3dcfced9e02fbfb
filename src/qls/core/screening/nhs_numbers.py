"""NHS numbers: ten digits passing the modulus-11 check (NHS Data Dictionary), however grouped."""

from __future__ import annotations

import re

from qls.core.screening.normalising import normalise


def is_valid_nhs_number(digits: str) -> bool:
    """True when ten digits pass the NHS number modulus-11 check.

    >>> is_valid_nhs_number("9434765919")
    True
    >>> is_valid_nhs_number("9434765918")
    False

    Ten of one digit pass the arithmetic but are never issued; read as an NHS
    number, a row of zeros in a table ("0.0 0.0 0.0 0.0 0.0") would be refused.

    >>> is_valid_nhs_number("0000000000")
    False
    """
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    # A remainder giving 10 means no valid number can end this way.
    return check != 10 and check == int(digits[9])


# A run of digit groups separated by single spaces (after normalising), not
# touching a letter, another digit or a slash (dates).
_DIGIT_RUN = re.compile(r"(?<![\w/])\d+(?: \d+)*(?![\w/])")
# How people group an NHS number: as printed (3-3-4), not at all, or digit by
# digit. Other groupings of ten digits are rows of figures ("0 42.0 42.0 258")
# that pass the check one time in eleven by chance.
_NHS_GROUPINGS = frozenset({(10,), (3, 3, 4), (1,) * 10})


def find_nhs_numbers(text: str) -> list[str]:
    """Every valid NHS number in ``text``, as ten digits, in order of appearance.

    After normalising, "943 476 5919", "943.476.5919", "943\u2013476\u20135919",
    "9434765919" and "9 4 3 4 7 6 5 9 1 9" are all read; digits inside a longer
    unbroken number are not.
    """
    found = []
    for run in _DIGIT_RUN.finditer(normalise(text)):
        groups = run.group().split(" ")
        for start in range(len(groups)):
            for grouping in _NHS_GROUPINGS:
                window = groups[start : start + len(grouping)]
                if tuple(map(len, window)) == grouping:
                    digits = "".join(window)
                    if is_valid_nhs_number(digits):
                        found.append(digits)
    return found
