"""The measurement demo: believable, deterministic data with the improvements it promises."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from qls.demo.context import DemoContext
from qls.demo.measurement.build import build_measurement, reset_measurement
from qls.demo.measurement.catalogue import DATASETS, METRICS
from qls.demo.measurement.generate import generate
from qls.demo.measurement.periods import demo_improvements, periods
from qls.measurement.models import Dataset, Metric, Observation, Series
from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory

pytestmark = pytest.mark.django_db


def test_about_forty_metrics_with_the_chart_types_trusts_use():
    codes = {s.code: s for s in METRICS}
    assert 38 <= len(codes) <= 45
    assert codes["falls"].chart == "u"
    assert codes["cdiff"].chart == "c"
    assert codes["sepsis-screening"].chart == "p"
    assert codes["discharge-before-noon"].chart == "p"
    assert codes["length-of-stay"].chart == "xmr"
    assert codes["never-events-days"].chart == "g"
    assert codes["serious-incident-days"].chart == "t"
    assert codes["fft-positive"].chart == "p"
    assert codes["staff-engagement"].chart == "xmr"
    assert {s.freq for s in METRICS} == {"week", "month", "quarter", "day"}
    # A quarterly survey is charted as one point a quarter, never carried into months.
    assert codes["staff-engagement"].freq == "quarter"
    assert {s.dataset for s in METRICS} <= {d[0] for d in DATASETS}


def test_periods_are_three_years_to_the_last_complete_period():
    today = dt.date(2026, 11, 23)  # a Monday
    weeks = periods("week", today)
    months = periods("month", today)
    assert len(weeks) == 156
    assert weeks[-1] == dt.date(2026, 11, 16)
    assert all(w.weekday() == 0 for w in weeks)
    assert len(months) == 36
    assert months[-1] == dt.date(2026, 10, 1)
    assert months[0] == dt.date(2023, 11, 1)
    quarters = periods("quarter", today)
    assert len(quarters) == 12
    assert quarters[-1] == dt.date(2026, 7, 1)  # July to September, the last complete quarter
    assert quarters[0] == dt.date(2023, 10, 1)


def test_improvements_are_periods_of_their_metric_two_to_twelve_months_back():
    today = dt.date(2026, 11, 23)
    found = demo_improvements(today)
    assert len(found) >= 10
    specs = {s.code: s for s in METRICS}
    for code, ward, period in found:
        assert period in periods(specs[code].freq, today)
        assert ward.split("-")[0] in {"BAS", "BRO", "SOU"}
        assert dt.date(2025, 6, 1) <= period <= dt.date(2026, 10, 1)
    assert found == demo_improvements(today)  # deterministic


def test_generation_is_deterministic_and_valid():
    spec = next(s for s in METRICS if s.code == "sepsis-screening")
    site = type("S", (), {"pk": 1})
    wards = [
        type("W", (), {"code": f"BAS-W0{i}", "beds": 24, "site_id": site.pk})() for i in (1, 2)
    ]
    ps = periods("week", dt.date(2026, 11, 23))
    a = generate(spec, wards, ps, np.random.default_rng(1))
    b = generate(spec, wards, ps, np.random.default_rng(1))
    np.testing.assert_array_equal(a.value, b.value)
    assert (a.den >= 1).all()
    assert (a.num <= a.den).all()
    assert ((a.value >= 0) & (a.value <= 100)).all()


@pytest.fixture
def small_trust(reference_data):
    trust = OrganisationFactory(host=True)
    sites = {code: SiteFactory(organisation=trust, code=code) for code in ("BAS", "BRO")}
    wards = {}
    for code, site in sites.items():
        for n in (1, 2, 4):
            ward = WardFactory(site=site, code=f"{code}-W{n:02d}", beds=26)
            wards[ward.code] = ward
    return DemoContext(
        scale="standard", seed=2024, staff_count=0, log=lambda _m: None, trust=trust,
        sites=sites, wards=wards,
    )  # fmt: skip


def test_build_makes_series_for_wards_sites_trust_and_strata(small_trust):
    build_measurement(small_trust)
    assert Dataset.objects.count() == len(DATASETS)
    assert Metric.objects.count() == len(METRICS)
    falls = Metric.objects.get(code="falls")
    assert falls.series.filter(level="ward").count() == 6
    assert falls.series.filter(level="site", stratum_dimension="").count() == 2
    assert falls.series.filter(level="trust", stratum_dimension="").count() == 1
    strata = falls.series.exclude(stratum_dimension="")
    assert set(strata.values_list("stratum_dimension", flat=True)) == {
        "imd_quintile", "ethnic_group", "age_band", "sex",
    }  # fmt: skip
    # A site is the sum of its wards.
    site = falls.series.get(level="site", site__code="BAS", stratum_dimension="")
    first = site.observations.order_by("period").first()
    ward_sum = Observation.objects.filter(
        series__metric=falls, series__level="ward", series__site__code="BAS", period=first.period
    )
    assert first.numerator == sum(o.numerator for o in ward_sum)
    # Every record-level definition the demo offers can aggregate an extract.
    assert [m.code for m in Metric.objects.all() if m.definition_problem()] == []
    assert Metric.objects.get(code="cdiff").has_record_definition
    # Every series has SPC results, and the placed improvement shows as special cause.
    assert not Series.objects.filter(variation_icon="").exists()
    code, ward, period = next(i for i in demo_improvements() if i[1] == "BAS-W01")
    s = Series.objects.get(metric__code=code, ward__code=ward, stratum_dimension="")
    after = [t for x, t in zip(s.spc_points["x"], s.spc_points["type"], strict=True)
             if x >= period.isoformat()]  # fmt: skip
    assert sum(t == 1 for t in after) >= 7  # at least a run of special cause improvement


def test_no_demo_series_has_limits_collapsed_by_repeated_values(small_trust):
    build_measurement(small_trust)
    collapsed = [
        (s.metric.code, s.level)
        for s in Series.objects.select_related("metric")
        if s.spc_summary.get("repeated_values")
    ]
    assert collapsed == []
    engagement = Series.objects.get(metric__code="staff-engagement", level="trust")
    periods = engagement.observations.values_list("period", flat=True)
    assert all(p.month in (1, 4, 7, 10) and p.day == 1 for p in periods)


def test_demo_strata_sum_to_their_totals_and_wards_to_their_site_and_trust(small_trust):
    from collections import defaultdict

    build_measurement(small_trust)
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    totals: dict[tuple, tuple[float, float]] = {}
    rows = Observation.objects.exclude(denominator=None).values_list(
        "series__metric_id", "series__level", "series__site_id", "series__ward_id",
        "series__stratum_dimension", "period", "numerator", "denominator",
    )  # fmt: skip
    checked = 0
    wards: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for metric, level, site, _ward, dim, period, num, den in rows:
        if dim:
            key = (metric, level, site, dim, period)
            sums[key][0] += num
            sums[key][1] += den
        elif level != "ward":
            totals[(metric, level, site if level != "trust" else None, period)] = (num, den)
        else:
            for unit in ((metric, "site", site, period), (metric, "trust", None, period)):
                wards[unit][0] += num
                wards[unit][1] += den
    for (metric, level, site, _dim, period), (num, den) in sums.items():
        whole = totals[(metric, level, site if level != "trust" else None, period)]
        assert (num, den) == whole, (metric, level, site, _dim, period)
        checked += 1
    for key, (num, den) in wards.items():
        if key in totals:
            assert (num, den) == totals[key], key
            checked += 1
    assert checked > 100


def test_build_can_run_twice_after_a_reset(small_trust):
    build_measurement(small_trust)
    count = Observation.objects.count()
    reset_measurement(small_trust)
    assert Observation.objects.count() == 0
    build_measurement(small_trust)
    assert Observation.objects.count() == count
