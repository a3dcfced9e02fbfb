"""Synthetic API data shared by the API tests: one metric over several series."""

from __future__ import annotations

import datetime as dt

from qls.measurement import tokens
from qls.measurement.models import Level, Observation, Series
from tests.factories.measurement import MetricFactory, trust_structure

START = dt.date(2024, 1, 1)  # a Monday


def bearer(user) -> dict:
    _token, raw = tokens.create_token(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def build_metric(
    code: str = "falls", weeks: int = 7, stratum_value: str = "", wards: list | None = None
) -> dict:
    """A weekly metric at each of three wards and the trust: 4 series of ``weeks`` rows."""
    if wards is None:
        _trust, _sites, wards = trust_structure()
    metric = MetricFactory(code=code, name=code.title())
    series = [
        Series.objects.create(
            metric=metric,
            level=Level.WARD,
            site=ward.site,
            ward=ward,
            stratum_dimension="sex" if stratum_value else "",
            stratum_value=stratum_value,
        )
        for ward in wards
    ]
    series.append(Series.objects.create(metric=metric, level=Level.TRUST))
    Observation.objects.bulk_create(
        Observation(
            series=s,
            period=START + dt.timedelta(weeks=w),
            value=float(i * 100 + w) - 3.5,
            numerator=None,
            denominator=None,
        )
        for i, s in enumerate(series)
        for w in range(weeks)
    )
    return {"metric": metric, "series": series, "wards": wards}
