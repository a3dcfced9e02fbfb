"""Properties of the aggregated importer, with Hypothesis: valid rows
round-trip exactly, and one garbage row anywhere means nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qls.measurement.importing import import_path
from qls.measurement.models import ChartType, Frequency, ImportStatus, Observation, Series
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db

UNITS = ["TRUST", "S1", "S2", "W1", "W2", "W3"]
MONDAY = dt.date(2024, 1, 1)
rows_strategy = st.dictionaries(
    keys=st.tuples(st.sampled_from(UNITS), st.integers(0, 150)),
    values=st.integers(0, 10_000),
    min_size=1,
    max_size=40,
)
garbage = st.sampled_from(
    [
        "falls,W1,2024-01-02,1",
        "falls,NOWHERE,2024-01-01,1",
        "falls,W1,2024-01-01,-5",
        "falls,W1,,1",
        "x,y,z,w",
        "falls,W1,2024-01-01,",
        "falls,W1,2024-13-01,1",
        'falls,W1,"2024-01-01,1',
        "falls,W1,2024-01-01,1,extra,columns",
    ]
)
HYPOTHESIS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def falls():
    trust_structure()
    return MetricFactory(code="falls", chart_type=ChartType.C, frequency=Frequency.WEEK)


def _write(path, rows: dict) -> None:
    lines = ["metric,org_unit,period,value"]
    for (unit, week), value in rows.items():
        lines.append(f"falls,{unit},{MONDAY + dt.timedelta(weeks=week)},{value}")
    path.write_text("\n".join(lines) + "\n")


@HYPOTHESIS
@given(rows=rows_strategy)
def test_valid_rows_round_trip(tmp_path, falls, rows):
    Series.objects.all().delete()
    path = tmp_path / "rows.csv"
    _write(path, rows)
    imp = import_path(path, kind="aggregated", recompute=False)
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows
    saved = {}
    for obs in Observation.objects.select_related("series__site", "series__ward"):
        unit = obs.series.ward or obs.series.site
        code = unit.code if unit else "TRUST"
        saved[(code, (obs.period - MONDAY).days // 7)] = obs.value
    assert saved == {key: float(value) for key, value in rows.items()}
    assert imp.rows_in == imp.rows_out == len(rows)


@HYPOTHESIS
@given(rows=rows_strategy, bad=garbage, where=st.integers(0, 40))
def test_one_garbage_row_anywhere_writes_nothing(tmp_path, falls, rows, bad, where):
    Series.objects.all().delete()
    path = tmp_path / "rows.csv"
    _write(path, rows)
    lines = path.read_text().splitlines()
    position = 1 + where % len(lines)
    lines.insert(position, bad)
    path.write_text("\n".join(lines) + "\n")
    imp = import_path(path, kind="aggregated", recompute=False)
    assert imp.status == ImportStatus.FAILED
    if imp.rejected_rows:
        assert any(p["line"] == position + 1 for p in imp.rejected_rows), (bad, imp.rejected_rows)
    else:
        # An unclosed quote swallows the rest of the file: refused as a whole.
        assert "cannot be read" in imp.error
    assert not Observation.objects.exists()
    assert not Series.objects.exists()
