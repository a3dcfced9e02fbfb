"""Programme wards of each site by accreditation level at the cut-off."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from qls.organisation.models import Ward
from qls.wards import accreditation
from qls.wards.models import AccreditationLevel, Audit

NOT_ACCREDITED = "Not accredited"
NOT_AUDITED = "Not yet audited"


def accreditation_at(cutoff: dt.date) -> dict[str, Any]:
    """Programme wards of each site by accreditation level, on audits dated by the cut-off."""
    levels = list(AccreditationLevel.objects.all())
    names = [NOT_AUDITED, NOT_ACCREDITED, *(lv.name for lv in levels)]
    wards = list(
        Ward.objects.filter(in_programme=True, active=True)
        .select_related("site")
        .order_by("site__name", "name")
    )
    scores_of: dict[int, list[float]] = defaultdict(list)
    for ward_id, value in (
        Audit.objects.filter(
            ward__in=wards, status=Audit.Status.SUBMITTED, date__lte=cutoff, score__isnull=False
        )
        .order_by("ward", "-date", "-pk")
        .values_list("ward", "score")
    ):
        if value is not None:
            scores_of[ward_id].append(value)
    sites: dict[str, list[int]] = {}
    for ward in wards:
        counts = sites.setdefault(ward.site.name if ward.site_id else "", [0] * len(names))
        history = scores_of.get(ward.pk)
        if not history:
            name = NOT_AUDITED
        else:
            level = accreditation.level_for(history, levels)
            name = level.name if level else NOT_ACCREDITED
        counts[names.index(name)] += 1
    return {
        "levels": names,
        "sites": [
            {"site": site or "No site", "counts": counts, "wards": sum(counts)}
            for site, counts in sites.items()
        ],
    }
