"""Reading the register: the filtered list and the oversight home's counts.

Every query starts from ``tenancy.visible_risks``, so the counts and lists
of a partner's people hold their own organisation's risks only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qls.organisation.models import Organisation
from qls.system.models import QualityRisk
from qls.system.scoring import BAND_RATINGS, Band, Level
from qls.system.tenancy import visible_organisations, visible_risks


@dataclass(frozen=True)
class RiskFilters:
    organisation: Organisation | None = None
    level: str = ""
    band: str = ""
    overdue: bool = False

    @property
    def active(self) -> bool:
        return bool(self.organisation or self.level or self.band or self.overdue)


def parse_filters(user: Any, params: Any) -> RiskFilters:
    """The list's filters from the query string; values that name nothing are ignored.

    An organisation the user may not see is ignored too, so a partner's
    people cannot learn another partner's code exists.
    """
    code = (params.get("organisation") or "")[:20]
    organisation = visible_organisations(user).filter(code=code).first() if code else None
    level = params.get("level", "")
    band = params.get("band", "")
    return RiskFilters(
        organisation=organisation,
        level=level if level in Level.values else "",
        band=band if band in Band.values else "",
        overdue=params.get("overdue") == "1",
    )


def _rating_between(low: int, high: int) -> Q:
    # The rating is not stored: the products of the two scores in the band.
    pairs = [(li, co) for li in range(1, 6) for co in range(1, 6) if low <= li * co <= high]
    query = Q(pk__in=[])
    for li, co in pairs:
        query |= Q(likelihood=li, consequence=co)
    return query


def in_band(band: str) -> Q:
    return _rating_between(*BAND_RATINGS[band])


def risk_list(user: Any, filters: RiskFilters, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    risks = visible_risks(user).select_related("organisation", "owner")
    if filters.organisation:
        risks = risks.filter(organisation=filters.organisation)
    if filters.level:
        risks = risks.filter(level=filters.level)
    if filters.band:
        risks = risks.filter(in_band(filters.band))
    if filters.overdue:
        risks = risks.filter(status=QualityRisk.Status.OPEN, review_on__lt=today)
    return risks.order_by("status", "review_on", "title")


@dataclass(frozen=True)
class Overview:
    by_level: list[tuple[Level, int]]
    by_organisation: list[tuple[Organisation, int]]
    overdue: list[QualityRisk]
    due_soon: list[QualityRisk]


def overview(user: Any, today: dt.date | None = None) -> Overview:
    """The oversight home: open risks by level and by organisation, and reviews to do."""
    today = today or timezone.localdate()
    open_risks = visible_risks(user).filter(status=QualityRisk.Status.OPEN)
    levels = dict(open_risks.values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    per_org = dict(
        open_risks.values_list("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    organisations = Organisation.objects.filter(pk__in=per_org).order_by("name")
    reviews = open_risks.select_related("organisation", "owner").order_by("review_on", "title")
    return Overview(
        by_level=[(level, levels.get(level, 0)) for level in Level],
        by_organisation=[(org, per_org[org.pk]) for org in organisations],
        overdue=list(reviews.filter(review_on__lt=today)),
        due_soon=list(
            reviews.filter(review_on__gte=today, review_on__lte=today + dt.timedelta(days=7))
        ),
    )
