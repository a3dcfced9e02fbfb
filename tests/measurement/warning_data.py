"""Many early warnings read from the SPC cache, for the filter and paging tests.

Each series carries the summary the SPC cache writes after a recompute, so
the early warnings read them exactly as they read computed ones.
"""

from __future__ import annotations

import datetime as dt

from qls.measurement.models import Metric, Series
from qls.organisation.models import QualityDomain
from tests.factories.organisation import SiteFactory, WardFactory


def cached_concern(
    metric: Metric,
    ward,
    *,
    rule: str,
    since: str | None,
    latest: dt.date,
    latest_point: bool = True,
) -> Series:
    return Series.objects.create(
        metric=metric,
        level="ward",
        site=ward.site,
        ward=ward,
        variation_icon="special_cause_concern_high",
        latest_period=latest,
        latest_value=12.0,
        is_stale=False,
        spc_summary={
            "last_type": "special_cause_concern" if latest_point else "common_cause",
            "last_rules": [rule] if latest_point else [],
            "recent_concern": 1 if latest_point else 2,
            "concern_since": since,
            "repeated_values": False,
        },
    )


def build_warnings() -> dict:
    """28 falls warnings at Basildon (shift), 2 experience warnings at Basildon (a point
    outside the limits) and 3 falls concerns at Southend earlier among the latest three."""
    safe = QualityDomain.objects.get(slug="safe")
    experience = QualityDomain.objects.get(slug="positive-experience")
    bas = SiteFactory(code="BAS", name="Basildon Hospital")
    sou = SiteFactory(code="SOU", name="Southend Hospital")
    falls = Metric.objects.create(
        code="falls", name="Inpatient falls per 1,000 bed days", definition="Falls.",
        unit="per 1,000 bed days", chart_type="u", improvement_direction="decrease",
        frequency="week", multiplier=1000, domain=safe,
    )  # fmt: skip
    fft = Metric.objects.create(
        code="fft-positive", name="Friends and family test: positive", definition="FFT.",
        unit="%", chart_type="p", improvement_direction="increase", frequency="month",
        multiplier=100, domain=experience,
    )  # fmt: skip
    week = dt.date(2025, 7, 7)
    bas_wards = [WardFactory(site=bas, code=f"BAS-W{i:02d}") for i in range(1, 31)]
    sou_wards = [WardFactory(site=sou, code=f"SOU-W{i:02d}") for i in range(1, 4)]
    for ward in bas_wards[:28]:
        cached_concern(falls, ward, rule="rule_shift", since="2025-03-03", latest=week)
    for ward in bas_wards[28:]:
        cached_concern(
            fft, ward, rule="rule_astronomical", since="2025-06-01", latest=dt.date(2025, 6, 1)
        )
    for ward in sou_wards:
        cached_concern(falls, ward, rule="", since=None, latest=week, latest_point=False)
    return {"bas": bas, "sou": sou, "falls": falls, "fft": fft}
