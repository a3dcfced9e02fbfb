"""The programme dashboard's accreditation chart: levels in their own colours, lowest first."""

from __future__ import annotations

import pytest

from qls.core.charts import Chart
from qls.wards import charts as ward_charts
from qls.wards import dashboard
from qls.wards.charts import dashboard_charts
from tests.factories.wards import standard_levels

pytestmark = pytest.mark.django_db


def _accreditation_chart(levels_data: list[dict]) -> Chart:
    dash = dashboard.Dashboard.__new__(dashboard.Dashboard)
    dash.accreditation = levels_data
    dash.stages = []
    dash.stage_labels = []
    charts = dashboard_charts(dash)
    return next(c for c in charts if c.id == "accreditation-levels")


def test_levels_are_drawn_in_level_order_in_their_own_colours():
    standard_levels()
    # Listed highest first, as a query might return them, to prove the chart orders them.
    data = [
        {"quarter": "2026 Q3", "level": name, "wards": n}
        for name, n in [("Gold", 2), ("Silver", 3), ("Bronze", 4), ("Not accredited", 5)]
    ]
    chart = _accreditation_chart(data)
    colour = chart.spec["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Not accredited", "Bronze", "Silver", "Gold"]
    by_level = dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True))
    assert by_level["Gold"] == ward_charts.METAL_COLOURS["gold"]
    assert by_level["Bronze"] == ward_charts.METAL_COLOURS["bronze"]
    assert by_level["Silver"] == ward_charts.METAL_COLOURS["silver"]
    # The data table's columns follow the same order.
    assert chart.headers == ["Quarter", "Not accredited", "Bronze", "Silver", "Gold"]
    ranks = {row["level"]: row["level_rank"] for row in chart.spec["data"]["values"]}
    assert ranks == {"Not accredited": 0, "Bronze": 1, "Silver": 2, "Gold": 3}
