"""The metric list of QLS's API, saved as a file, is what ``qls aggregate`` reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qls.aggregate import aggregate_duckdb, load
from tests.factories.measurement import MetricFactory, trust_structure
from tests.measurement.api_data import bearer

pytestmark = pytest.mark.django_db


def test_exported_definitions_aggregate_an_extract(
    client: Any, personas: Any, tmp_path: Path
) -> None:
    trust_structure()
    MetricFactory(screening=True)
    MetricFactory(code="no-records", name="Entered by hand")
    page = client.get("/api/metrics?format=json", headers=bearer(personas["staff"])).json()
    record = next(m["record"] for m in page["items"] if m["code"] == "sepsis-screening")
    assert record["filter"] == "eligible = 'Y'"
    assert record["strata"] == {"imd_quintile": "imd", "sex": "sex"}
    assert next(m["record"] for m in page["items"] if m["code"] == "no-records") is None
    (tmp_path / "metrics.json").write_text(json.dumps(page))
    (definition,) = load(tmp_path / "metrics.json")
    assert definition.code == "sepsis-screening"
    (tmp_path / "rows.csv").write_text(
        "arrived,ward_code,eligible,screened,imd,sex\n"
        "2024-01-03,W1,Y,Y,1,F\n2024-01-09,W1,Y,N,,M\n2024-01-20,W1,N,N,2,F\n"
    )
    points = aggregate_duckdb([str(tmp_path / "rows.csv")], [definition]).to_pylist()
    ward = next(p for p in points if p["series_id"] == "sepsis-screening:W1")
    assert (ward["numerator"], ward["denominator"], ward["y"]) == (1.0, 2.0, 50.0)
