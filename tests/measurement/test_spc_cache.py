"""The SPC cache: one engine call per chart type, results stored on each series."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.management import call_command

from qls.measurement import spc_cache
from qls.measurement.models import (
    Metric,
    MetricTrajectory,
    Observation,
    RebasePoint,
    Series,
)
from qls.spc import p as p_chart
from qls.spc import xmr
from tests.factories.organisation import SiteFactory, WardFactory

pytestmark = pytest.mark.django_db


def months(n: int, start: dt.date = dt.date(2023, 1, 1)) -> list[dt.date]:
    out = []
    y, m = start.year, start.month
    for _ in range(n):
        out.append(dt.date(y, m, 1))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def make_metric(code: str = "los", **kw) -> Metric:
    defaults = {
        "name": code.upper(),
        "definition": "test",
        "chart_type": "xmr",
        "improvement_direction": "decrease",
        "frequency": "month",
    }
    defaults.update(kw)
    return Metric.objects.create(code=code, **defaults)


def make_series(metric: Metric, values, *, level="trust", site=None, ward=None, num=None, den=None):
    s = Series.objects.create(metric=metric, level=level, site=site, ward=ward)
    Observation.objects.bulk_create(
        Observation(
            series=s,
            period=p,
            value=v,
            numerator=None if num is None else num[i],
            denominator=None if den is None else den[i],
        )
        for i, (p, v) in enumerate(zip(months(len(values)), values, strict=True))
    )
    return s


def test_xmr_series_cache_matches_the_engine_on_its_own():
    metric = make_metric(target=4.0)
    values = [5.0, 6, 5.5, 6.2, 5.8, 6.1, 5.9, 6.3, 6.0, 5.7, 6.4, 6.1, 9.5]
    s = make_series(metric, values)
    report = spc_cache.recompute_series([s.pk])
    assert report.series == 1
    s.refresh_from_db()
    alone = xmr(values, improvement_direction="decrease", target=4.0)
    summary = alone.summary.to_pylist()[0]
    assert s.variation_icon == summary["variation_icon"] == "special_cause_concern_high"
    assert s.assurance_icon == summary["assurance_icon"] == "consistent_fail"
    assert s.latest_period == dt.date(2024, 1, 1)
    assert s.latest_value == 9.5
    assert s.is_stale is False
    assert s.spc_points["mean"][0] == pytest.approx(alone.points.column("mean")[0].as_py())
    assert s.spc_points["upl"][0] == pytest.approx(alone.points.column("upl")[0].as_py(), 1e-5)
    assert s.spc_summary["last_type"] == "special_cause_concern"
    assert "rule_astronomical" in s.spc_summary["last_rules"]
    assert s.spc_summary["recent_concern"] == 1
    assert s.spc_summary["concern_since"] == "2024-01-01"


def test_p_chart_is_scaled_by_the_multiplier_and_the_target_divided():
    metric = make_metric(
        "sepsis", chart_type="p", improvement_direction="increase", target=90.0, multiplier=100
    )
    num = [80, 85, 82, 88, 90, 86, 84, 87, 89, 83, 85, 86]
    den = [100] * 12
    s = make_series(metric, list(num), num=num, den=den)
    spc_cache.recompute_series([s.pk])
    s.refresh_from_db()
    alone = p_chart(num, den, improvement_direction="increase", target=0.9)
    row = alone.summary.to_pylist()[0]
    assert s.assurance_icon == row["assurance_icon"]
    assert s.spc_points["y"][0] == pytest.approx(80.0)
    assert s.spc_points["mean"][0] == pytest.approx(row["last_mean"] * 100, 1e-5)
    assert s.spc_points["num"][0] == 80
    assert s.spc_points["target"][0] == 90.0
    assert s.latest_value == pytest.approx(86.0)


def test_many_series_of_several_chart_types_in_one_pass_match_single_calls():
    site = SiteFactory()
    rng = np.random.default_rng(3)
    xmr_metric = make_metric("a", chart_type="xmr", improvement_direction="increase")
    c_metric = make_metric("b", chart_type="c", improvement_direction="decrease")
    wards = [WardFactory(site=site) for _ in range(6)]
    made = []
    for w in wards:
        made.append(
            (
                make_series(
                    xmr_metric, rng.normal(10, 2, 24).round(2).tolist(), level="ward",
                    site=site, ward=w,
                ),
                "xmr",
            )
        )  # fmt: skip
        made.append(
            (
                make_series(
                    c_metric, rng.poisson(4, 24).astype(float).tolist(), level="ward",
                    site=site, ward=w,
                ),
                "c",
            )
        )  # fmt: skip
    report = spc_cache.recompute_all()
    assert report.series == 12
    assert report.points == 12 * 24
    for s, chart in made:
        s.refresh_from_db()
        values = list(s.observations.order_by("period").values_list("value", flat=True))
        alone = (
            xmr(values, improvement_direction="increase")
            if chart == "xmr"
            else __import__("qls.spc", fromlist=["c"]).c(values, improvement_direction="decrease")
        )
        assert s.variation_icon == alone.summary.column("variation_icon")[0].as_py()
        assert s.spc_points["type"] == [
            spc_cache.POINT_TYPES.index(t) for t in alone.points.column("point_type").to_pylist()
        ]


def test_rebase_point_between_periods_starts_at_the_next_period():
    metric = make_metric()
    s = make_series(metric, [5.0] * 6 + [9.0] * 6)
    RebasePoint.objects.create(
        metric=metric,
        period=dt.date(2023, 6, 15),
        reason="new pathway",
        status=RebasePoint.Status.APPROVED,
        decided_at=dt.datetime(2023, 7, 1, tzinfo=dt.UTC),
    )
    spc_cache.recompute_metric(metric)
    s.refresh_from_db()
    assert s.spc_points["segment"] == [0] * 6 + [1] * 6
    assert s.spc_summary["n_segments"] == 2
    assert s.spc_points["mean"][-1] == pytest.approx(9.0)


def test_trajectory_sets_the_target_per_period_and_for_assurance():
    metric = make_metric(target=10.0)
    s = make_series(metric, [5.0, 5.2, 4.9, 5.1, 5.0, 4.8, 5.1, 5.0])
    MetricTrajectory.objects.create(metric=metric, period=dt.date(2023, 5, 1), target=3.0)
    spc_cache.recompute_series([s.pk])
    s.refresh_from_db()
    assert s.spc_points["target"] == [10.0] * 4 + [3.0] * 4
    assert s.spc_summary["target"] == 3.0
    # Lower is better and the target is below the lower limit: the process fails it.
    assert s.assurance_icon == "consistent_fail"


def test_a_series_without_observations_is_cleared_not_an_error():
    metric = make_metric()
    s = Series.objects.create(metric=metric, level="trust", variation_icon="common_cause")
    spc_cache.recompute_series([s.pk])
    s.refresh_from_db()
    assert s.variation_icon == ""
    assert s.spc_points is None


def test_one_bad_series_does_not_stop_the_others():
    metric = make_metric("t-metric", chart_type="t", improvement_direction="increase")
    good = make_series(metric, [5.0, 7, 6, 9, 4, 8])
    site = SiteFactory()
    bad = make_series(metric, [5.0, 0.0, 6, 9, 4, 8], level="site", site=site)  # t needs > 0
    report = spc_cache.recompute_all()
    assert report.failed == 1
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.variation_icon
    assert bad.variation_icon == ""
    assert "y" in bad.spc_summary["error"] or bad.spc_summary["error"]


def test_changing_a_metric_recomputes_its_series_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        metric = make_metric(target=None)
        s = make_series(metric, [5.0, 5.2, 4.9, 5.1, 5.0, 4.8, 5.1, 5.0])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        metric.target = 1.0
        metric.save()
        RebasePoint.objects.create(
            metric=metric,
            period=dt.date(2023, 4, 1),
            reason="new audit",
            status=RebasePoint.Status.APPROVED,
            decided_at=dt.datetime(2023, 7, 1, tzinfo=dt.UTC),
        )
    assert len(callbacks) == 1  # one recompute for the whole transaction
    s.refresh_from_db()
    assert s.assurance_icon == "consistent_fail"
    assert s.spc_summary["n_segments"] == 2


def test_management_command_recomputes_everything(capsys):
    metric = make_metric()
    s = make_series(metric, [5.0, 5.2, 4.9, 5.1])
    call_command("recompute_spc")
    s.refresh_from_db()
    assert s.variation_icon == "common_cause"
    assert "1 series" in capsys.readouterr().out
