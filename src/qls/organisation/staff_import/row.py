"""Checking one row of a staff extract and turning it into the values to write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from qls.core.exports import formula_problem
from qls.organisation.errors import (
    RowError,
)
from qls.organisation.models import StaffGroup
from qls.organisation.models.staff_groups import BANDS
from qls.organisation.staff_import.lookups import Lookups, site_and_ward

_STAFF_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]*$")
_FIELD_LIMITS = {"staff_number": 20, "first_name": 100, "last_name": 100, "job_role": 100}


@dataclass(frozen=True)
class Record:
    line: int
    staff_number: str
    values: dict[str, Any]


def validate_row(
    line: int, values: dict[str, str], lookups: Lookups
) -> tuple[Record | None, list[RowError]]:
    problems: list[str] = []

    for name in ("staff_number", "first_name", "last_name", "job_role"):
        if not values[name]:
            problems.append(f"{name} is empty")
        elif len(values[name]) > _FIELD_LIMITS[name]:
            problems.append(f"{name} is longer than {_FIELD_LIMITS[name]} characters")
    for name, value in values.items():
        if problem := formula_problem(name, value):
            problems.append(problem)
    number = values["staff_number"]
    if number and len(number) <= 20 and not _STAFF_NUMBER.match(number):
        problems.append("staff_number may contain only letters, digits, '-' and '/'")

    email = values["email"]
    if len(email) > 254:
        problems.append("email is longer than 254 characters")
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("email is not a valid email address")

    group = lookups.groups.get(values["staff_group"].lower())
    if group is None:
        what = "is not an ESR staff group" if values["staff_group"] else "is empty"
        problems.append(f"staff_group {what}; use one of: " + "; ".join(StaffGroup.values))
    band = lookups.bands.get(values["band"].lower())
    if band is None:
        what = "is not" if values["band"] else "is empty; use"
        problems.append(f"band {what} one of: " + ", ".join(BANDS))

    org_code = values.get("organisation", "")
    organisation = lookups.orgs.get(org_code.lower()) if org_code else lookups.host
    if organisation is None:
        if org_code:
            problems.append("organisation is not an organisation code in QLS")
        else:
            problems.append("organisation is empty and there is no host trust to default to")

    site, ward = site_and_ward(values["site"], values["ward"], organisation, lookups, problems)

    if problems:
        return None, [RowError(line, p) for p in problems]
    assert organisation is not None
    assert group is not None
    assert band is not None
    return (
        Record(
            line=line,
            staff_number=number,
            values={
                "first_name": values["first_name"],
                "last_name": values["last_name"],
                "email": email,
                "organisation_id": organisation.pk,
                "staff_group": group,
                "job_role": values["job_role"],
                "band": band,
                "site_id": site.pk if site else None,
                "ward_id": ward.pk if ward else None,
                "active": True,
            },
        ),
        [],
    )
