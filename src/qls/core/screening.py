"""Screening free text for patient identifiers before it is saved.

QLS holds aggregated data only. Anything a person types — a problem
statement, a PDSA note, an issue raised at a ward event, the name of an
uploaded file — is checked before it is stored, and refused with a message
that says what kind of identifier was found and names the field.

``contains_patient_identifier`` is the one entry point; the validator, the
form mixin and ``screen`` all go through it. docs/patient-identifiers.md
lists what is caught and what is deliberately let through.

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

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError

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


# --- normalising -----------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Hyphens, dashes and the minus sign, which NFKC leaves alone.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SEP = rf"[\s.\-_{_DASHES}]"
_FOLD = re.compile(rf"(?<=\d){_SEP}{{1,3}}(?=\d)")


def normalise(text: str) -> str:
    """NFKC, no zero-width characters or underscores, one space for any separator between digits.

    >>> normalise("943\u2013476\u200b\u00a05919")
    '943 476 5919'
    """
    text = unicodedata.normalize("NFKC", text or "").translate(_ZERO_WIDTH)
    # File names join words with underscores: "scan_MRN_4471920.pdf".
    text = text.replace("_", " ")
    return _FOLD.sub(" ", text)


# --- NHS numbers -----------------------------------------------------------


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


# --- names -------------------------------------------------------------------

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
# Capitalised words that start sentences or name groups, not people.
_NOT_NAMES = frozenset(
    [
        "Patients",
        "Patient",
        "People",
        "Women",
        "Men",
        "Adults",
        "Children",
        "Those",
        "Residents",
        "Anyone",
        "Everyone",
        "All",
        "Most",
        "Many",
        "Some",
        "Few",
        "Staff",
        "Carers",
        "Clients",
        "Admissions",
        "Beds",
        "Ward",
        "Wards",
        "Bay",
        "Bays",
        "Bed",
        "Over",
        "Under",
        "Elderly",
        "Older",
        "Younger",
        "Cohort",
        "Group",
        "Groups",
        "Service",
        "Users",
        "Audit",
        "Data",
        "Index",
        "Class",
        "List",
        "Plan",
        "File",
        "Copy",
        "Chef",
        "Key",
        "Mind",
        "Card",
        "Cards",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "Of",
        "And",
        "Or",
        "Week",
        "Weeks",
        "Cycle",
        "Cycles",
        "Level",
        "Band",
        "Stage",
        "Wave",
        "Site",
        "Room",
        "Floor",
        "Session",
        "Sessions",
        "Day",
        "Days",
        "Month",
        "Months",
        "Year",
        "Years",
        "Quarter",
        "Phase",
        "Module",
        "Table",
        "Figure",
        "Step",
        "Steps",
        "Round",
        "Team",
        "Teams",
        "Flat",
        "House",
        "Unit",
        "Units",
        "Theatre",
        "Theatres",
        "Clinic",
        "Clinics",
        "Station",
        "Aim",
        "Aims",
        "Measure",
        "Measures",
        "Total",
        "Only",
        "About",
        "Around",
        "Nearly",
        "Almost",
        "Under",
        "Below",
        "Above",
        "Between",
        "From",
        "To",
        "Since",
        "Until",
    ]
)
_NAME_AGE = re.compile(
    rf"\b({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})"
    r"(?:\s*,\s*|\s+)(?:aged\s+|age\s+|\(\s*)?(\d{1,3})"
    r"(?:\s*(?:yo\b|y/o|years?\s+old|yrs?\s+old|\)|,|\s+(?:in\s+)?bed\b))"
    r"|"
    rf"\b({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s*,?\s+aged\s+(\d{{1,3}})(?![\d+\-\u2013]|\s*(?:and|or|to|-)\b)"
)


def _find_names(text: str) -> list[Finding]:
    found = []
    for match in _LAY_TITLE.finditer(text):
        words = match.group(1).split()
        if words[-1] in _NOT_NAMES or words[0] in _NOT_NAMES:
            continue
        if _STAFF_ROLE.match(text, match.end()):
            continue
        found.append(Finding(NAME, match.group()))
    for match in _NAME_AGE.finditer(text):
        name = match.group(1) or match.group(3)
        if any(word in _NOT_NAMES for word in name.split()):
            continue
        age = int(match.group(2) or match.group(4))
        if 0 < age < 120:
            found.append(Finding(NAME, match.group()))
    return found


# --- dates of birth --------------------------------------------------------

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


def _find_dates_of_birth(text: str) -> list[Finding]:
    return [Finding(DATE_OF_BIRTH, m.group()) for m in _DOB.finditer(text)]


# --- hospital numbers ------------------------------------------------------

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


def _find_hospital_numbers(text: str) -> list[Finding]:
    found = []
    for match in _HOSPITAL_CUE.finditer(text):
        # An id holds at least four digits: "unit no 12" is a ward unit.
        if sum(c.isdigit() for c in match.group(1)) >= 4:
            found.append(Finding(HOSPITAL_NUMBER, match.group()))
    for pattern in _local_patterns():
        found.extend(Finding(HOSPITAL_NUMBER, m.group()) for m in pattern.finditer(text))
    return found


# --- postcodes, addresses ----------------------------------------------------

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


def _find_postcodes(text: str) -> list[Finding]:
    return [Finding(POSTCODE, m.group()) for m in _POSTCODE.finditer(text)]


def _find_addresses(text: str) -> list[Finding]:
    return [Finding(ADDRESS, m.group()) for m in _ADDRESS.finditer(text)]


# --- phone numbers, email ----------------------------------------------------

# After normalising, a number is digit groups split by single spaces; a
# national number's first group is its area or mobile code ("01632", "020",
# "07700"), so stray figures ("0 1 100 100 100") are not read as one.
_PHONE = re.compile(r"(?<![\w+/.])(\+44|0044)? ?(?:\(0\) ?)?\(?(\d+)\)?((?: \d+){0,3})(?![\w/])")
# Trust numbers people are meant to ring are not a patient's.
_SWITCHBOARD = re.compile(
    r"(?:switchboard|main\s+line|reception|PALS|helpline)\W{0,3}$", re.IGNORECASE
)


def _find_phones(text: str) -> list[Finding]:
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


def _find_emails(text: str) -> list[Finding]:
    return [
        Finding(EMAIL, m.group())
        for m in _EMAIL.finditer(text)
        if _PERSONAL_DOMAINS.fullmatch(m.group(1))
    ]


# --- the entry point ---------------------------------------------------------


def find_patient_identifiers(text: str | None) -> list[Finding]:
    """Every identifier in ``text``, NHS numbers first, then by kind."""
    if not text or not isinstance(text, str):
        return []
    clean = normalise(text)
    found = [Finding(NHS_NUMBER, n) for n in find_nhs_numbers(clean)]
    for detector in (
        _find_names,
        _find_dates_of_birth,
        _find_hospital_numbers,
        _find_postcodes,
        _find_addresses,
        _find_phones,
        _find_emails,
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


class ScreenedFormMixin:
    """Screens every text field of a form (``CharField`` and ``Textarea``).

    Put it before the form class; the error goes on the field, in words that
    name it by its label, and the form is invalid so nothing is saved. List
    names in ``unscreened_fields`` for fields that are not free text.
    """

    unscreened_fields: Iterable[str] = ()

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        from django import forms

        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if name in self.unscreened_fields or not isinstance(field, forms.CharField):
                continue
            # Addresses, slugs and ids people are asked for are not free text.
            if isinstance(field, forms.EmailField | forms.URLField | forms.SlugField):
                continue
            value = cleaned.get(name)
            label = str(field.label or name.replace("_", " ")).lower()
            if isinstance(value, str) and (message := message_for(value, label)):
                self.add_error(name, message)  # type: ignore[attr-defined]
        return cleaned
