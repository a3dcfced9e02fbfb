"""What the celebration pages read: the gallery, the next event, the recent awards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import mean
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qls.community.celebrations.models import (
    AwardCategory,
    CelebrationEvent,
    Submission,
)
from qls.organisation.models import Site, StrategicAim

ANY_AWARD = "any"


def gallery_choices() -> dict[str, list[tuple[str, str]]]:
    years = sorted(
        {d.year for d in CelebrationEvent.objects.values_list("date", flat=True)}, reverse=True
    )
    awards = sorted(set(AwardCategory.objects.values_list("name", flat=True)))
    return {
        "aim": [(str(a.pk), a.title) for a in StrategicAim.objects.order_by("number")],
        "site": [(str(s.pk), s.name) for s in Site.objects.order_by("name")],
        "year": [(str(y), str(y)) for y in years],
        "award": [(ANY_AWARD, "Any award"), *[(a, a) for a in awards]],
    }


def gallery(filters: Mapping[str, Any]) -> QuerySet[Submission]:
    """Every submission's poster, newest event first, narrowed by the chosen filters."""
    found = Submission.objects.select_related(
        "event", "project", "project__site", "presenter", "award"
    ).order_by("-event__date", "project__title", "pk")
    if filters.get("aim"):
        found = found.filter(project__strategic_aims__pk=filters["aim"])
    if filters.get("site"):
        found = found.filter(project__site__pk=filters["site"])
    if filters.get("year"):
        found = found.filter(event__date__year=int(filters["year"]))
    award = filters.get("award")
    if award == ANY_AWARD:
        found = found.filter(award__isnull=False)
    elif award:
        found = found.filter(award__name=award)
    return found.distinct()


def next_event(today: dt.date | None = None) -> CelebrationEvent | None:
    today = today or timezone.localdate()
    return CelebrationEvent.objects.filter(date__gte=today).order_by("date", "pk").first()


def recent_awards(limit: int = 5) -> list[Submission]:
    return list(
        Submission.objects.filter(award__isnull=False)
        .select_related("event", "project", "award")
        .order_by("-event__date", "award__position", "pk")[:limit]
    )


@dataclass
class Ranked:
    submission: Submission
    judged: int
    mean: float | None


def ranked(event: CelebrationEvent) -> list[Ranked]:
    """The event's submissions with each one's judges' mean total, best first."""
    rows = []
    for sub in event.submissions.select_related("project", "presenter", "award").prefetch_related(
        "scores"
    ):
        totals = [s.total for s in sub.scores.all()]
        rows.append(Ranked(sub, len(totals), round(mean(totals), 1) if totals else None))
    rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.submission.project.title))
    return rows
