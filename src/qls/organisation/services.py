"""Queries and rules about the organisation structure used across QLS."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from qls.organisation.models import (
    Organisation,
    QualityDomain,
    Site,
    StaffGroup,
    StaffMember,
    StrategicAim,
    Ward,
)
from qls.organisation.reference import QUALITY_DOMAINS, STRATEGIC_AIMS


def host_organisation() -> Organisation | None:
    return Organisation.objects.filter(is_host=True).first()


def active_aims() -> QuerySet[StrategicAim]:
    return StrategicAim.objects.filter(active=True)


def headline_figures() -> dict[str, int]:
    host = host_organisation()
    wards = Ward.objects.filter(active=True)
    return {
        "sites": host.sites.count() if host else 0,
        "programme_wards": wards.filter(in_programme=True).count(),
        "units": wards.count(),
        "staff": StaffMember.objects.filter(active=True).count(),
        "partners": Organisation.objects.filter(is_host=False).count(),
    }


def load_reference_data() -> None:
    """Create the five strategic aims and six quality domains if missing."""
    for number, title, description in STRATEGIC_AIMS:
        StrategicAim.objects.get_or_create(
            number=number, defaults={"title": title, "description": description}
        )
    for order, (slug, name, description) in enumerate(QUALITY_DOMAINS, start=1):
        QualityDomain.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


def sites_with_counts(organisation: Organisation) -> QuerySet[Site]:
    """An organisation's sites with ``programme_wards``, ``units`` and ``staff_count``."""
    staff = (
        StaffMember.objects.filter(site=OuterRef("pk"), active=True)
        .order_by()
        .values("site")
        .annotate(n=Count("id"))
        .values("n")
    )
    # The staff count is a subquery: a second join would multiply the ward counts.
    return organisation.sites.annotate(
        programme_wards=Count("wards", filter=Q(wards__in_programme=True, wards__active=True)),
        units=Count("wards", filter=Q(wards__active=True)),
        staff_count=Coalesce(Subquery(staff), 0),
    )


def partners_by_kind() -> list[tuple[str, list[Organisation]]]:
    """Partner organisations grouped under their kind's label, in the Kind order."""
    partners = list(Organisation.objects.filter(is_host=False))
    return [
        (label, [p for p in partners if p.kind == kind])
        for kind, label in Organisation.Kind.choices
        if any(p.kind == kind for p in partners)
    ]


def with_staff_group_labels(rows: Iterable[dict]) -> list[dict]:
    labels = dict(StaffGroup.choices)
    return [{**row, "label": labels.get(row["staff_group"], row["staff_group"])} for row in rows]


def search_staff(
    *, text: str = "", site: Site | None = None, ward: Ward | None = None, staff_group: str = ""
) -> QuerySet[StaffMember]:
    """Active staff matching every word of ``text`` (in a name, staff number or job
    role) and the filters, in directory order."""
    people = StaffMember.objects.filter(active=True).select_related("site", "ward")
    for word in text.split()[:6]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(staff_number__startswith=word)
            | Q(job_role__icontains=word)
        )
    if site is not None:
        people = people.filter(site=site)
    if ward is not None:
        people = people.filter(ward=ward)
    if staff_group:
        people = people.filter(staff_group=staff_group)
    return people.order_by("last_name", "first_name", "staff_number")


SUGGESTIONS = 20
_NUMBER_IN_BRACKETS = re.compile(r"\(([^()]+)\)\s*$")


def suggestion_text(person: StaffMember) -> str:
    """How a suggested person fills a staff box: their name, then their staff number."""
    return f"{person.full_name} ({person.staff_number})"


def staff_number_from_suggestion(text: str) -> str:
    """The staff number of a chosen suggestion, or the text itself when it is not one."""
    match = _NUMBER_IN_BRACKETS.search(text)
    return match.group(1).strip() if match else text.strip()


def suggest_staff(text: str) -> list[StaffMember]:
    """Up to 20 active staff for a box being typed into (two characters or more)."""
    if len(text.strip()) < 2:
        return []
    return list(search_staff(text=text)[:SUGGESTIONS])
