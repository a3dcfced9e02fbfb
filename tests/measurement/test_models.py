"""Invariants the database keeps for quality data, whatever writes to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from qls.measurement.models import Level, Observation, Series
from tests.factories.measurement import MetricFactory, SeriesFactory, trust_structure

pytestmark = pytest.mark.django_db


def _refused(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Series.objects.create(**fields)


def test_one_series_per_metric_org_unit_and_stratum():
    _trust, sites, wards = trust_structure()
    metric = MetricFactory()
    Series.objects.create(metric=metric, level=Level.TRUST)
    _refused(metric=metric, level=Level.TRUST)
    Series.objects.create(metric=metric, level=Level.SITE, site=sites[0])
    _refused(metric=metric, level=Level.SITE, site=sites[0])
    Series.objects.create(metric=metric, level=Level.WARD, site=sites[0], ward=wards[0])
    _refused(metric=metric, level=Level.WARD, site=sites[0], ward=wards[0])
    # Another stratum of the same unit is another series.
    Series.objects.create(
        metric=metric, level=Level.TRUST, stratum_dimension="sex", stratum_value="F"
    )


def test_org_unit_must_match_the_level_and_stratum_both_or_neither():
    _trust, sites, wards = trust_structure()
    metric = MetricFactory()
    _refused(metric=metric, level=Level.TRUST, site=sites[0])
    _refused(metric=metric, level=Level.SITE)
    _refused(metric=metric, level=Level.WARD, ward=wards[0])
    _refused(metric=metric, level=Level.TRUST, stratum_dimension="sex")


def test_one_observation_per_series_and_period_and_no_zero_denominators():
    series = SeriesFactory()
    Observation.objects.create(series=series, period=dt.date(2024, 1, 1), value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(series=series, period=dt.date(2024, 1, 1), value=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            series=series, period=dt.date(2024, 1, 8), value=1, numerator=1, denominator=0
        )


def test_definitions_are_audited_but_observations_and_the_spc_cache_are_not():
    metric = MetricFactory()
    metric.target = 5
    metric.save()
    assert metric.history.count() == 2
    series = SeriesFactory(metric=metric)
    series.variation_icon = "common_cause"
    series.save()
    assert not hasattr(series.history.first(), "variation_icon")
    assert not hasattr(Observation, "history")
