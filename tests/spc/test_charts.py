"""Chart specs, rendering and icons for `qls.spc.charts`.

The points tables are built by hand with the engine's output columns, so these
tests don't wait on (or break with) the engine itself.
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
import math
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pytest

from qls.spc import charts, icons_svg
from qls.spc.charts import (
    ICON_LABELS,
    POINT_TYPE_COLOURS,
    POINT_TYPE_LABELS,
    VEGA_LITE_VERSION,
    assurance_icon_svg,
    series_spec,
    series_svg,
    spec_to_png,
    spec_to_svg,
    variation_icon_svg,
)

CONTRACT_COLUMNS = (
    "series_id",
    "x",
    "y",
    "mean",
    "lpl",
    "upl",
    "special_cause_flag",
    "point_type",
    "lower_one_sigma",
    "upper_one_sigma",
    "lower_two_sigma",
    "upper_two_sigma",
    "rule_astronomical",
    "rule_trend",
    "rule_two_of_three",
    "rule_shift",
    "segment",
    "short_segment",
    "target",
)


def point(series_id: str, x: Any, y: float | None, **overrides: Any) -> dict[str, Any]:
    """One row of an engine result with every contract column, common cause by default."""
    mean, amr = 10.0, 1.0
    row: dict[str, Any] = {
        "series_id": series_id,
        "x": x,
        "y": y,
        "mean": mean,
        "lpl": mean - 2.66 * amr,
        "upl": mean + 2.66 * amr,
        "special_cause_flag": False,
        "point_type": None if y is None else "common_cause",
        "lower_one_sigma": mean - 2.66 / 3 * amr,
        "upper_one_sigma": mean + 2.66 / 3 * amr,
        "lower_two_sigma": mean - 2 * 2.66 / 3 * amr,
        "upper_two_sigma": mean + 2 * 2.66 / 3 * amr,
        "rule_astronomical": False,
        "rule_trend": False,
        "rule_two_of_three": False,
        "rule_shift": False,
        "segment": 0,
        "short_segment": False,
        "target": None,
    }
    row.update(overrides)
    return row


def month(i: int) -> dt.date:
    return dt.date(2023 + i // 12, i % 12 + 1, 1)


@pytest.fixture
def rebased_table() -> pa.Table:
    """16 monthly points: a 12-point segment, then a short rebased one of 4.

    Point 3 is missing, point 5 is a concern above the limit, points 12-15 sit
    in the new segment with other limits, and a second series is mixed in to
    check that only the asked-for series is drawn.
    """
    ys = [10, 11, 9, None, 10, 14, 10, 9, 11, 10, 10, 11, 20, 21, 19, 20]
    rows = []
    for i, y in enumerate(ys):
        extra: dict[str, Any] = {"target": 12.0}
        if i == 5:
            extra |= {
                "point_type": "special_cause_concern",
                "special_cause_flag": True,
                "rule_astronomical": True,
            }
        if i >= 12:
            extra |= {"segment": 1, "short_segment": True, "mean": 20.0, "lpl": 17.3, "upl": 22.7}
        rows.append(point("ward-a", month(i), None if y is None else float(y), **extra))
    rows.append(point("ward-b", month(0), 99.0))
    return pa.Table.from_pylist(rows)


def layer(spec: dict[str, Any], name: str) -> dict[str, Any]:
    matches = [lay for lay in spec["layer"] if lay.get("name") == name]
    assert len(matches) == 1, f"expected one {name!r} layer, found {len(matches)}"
    return matches[0]


def layer_names(spec: dict[str, Any]) -> list[str]:
    return [lay["name"] for lay in spec["layer"]]


# --- the spec -----------------------------------------------------------------


def test_fixture_has_every_contract_column(rebased_table: pa.Table) -> None:
    assert set(CONTRACT_COLUMNS) <= set(rebased_table.column_names)


def test_spec_is_strict_json_with_nan_turned_to_null() -> None:
    rows = [point("s", i, v) for i, v in enumerate([1.0, math.nan, 3.0])]
    rows[0]["upl"] = math.inf

    spec = series_spec(pa.Table.from_pylist(rows), "s")

    text = json.dumps(spec, allow_nan=False)
    assert "NaN" not in text
    data = spec["data"]["values"]
    assert data[1]["y"] is None
    assert data[0]["upl"] is None


def test_spec_compiles_with_the_pinned_vega_lite(rebased_table: pa.Table) -> None:
    import vl_convert

    spec = series_spec(
        rebased_table,
        "ward-a",
        events=[{"x": month(4), "label": "PDSA 1", "kind": "pdsa"}],
        summary={"variation_icon": "common_cause", "assurance_icon": "inconsistent"},
    )

    vega = vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE_VERSION)

    assert vega["marks"]
    assert spec["$schema"].endswith("v5.21.json")


def test_only_the_requested_series_is_drawn(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a")

    ys = [r["y"] for r in spec["data"]["values"]]
    assert len(ys) == 16
    assert 99.0 not in ys


def test_unknown_series_is_an_error(rebased_table: pa.Table) -> None:
    with pytest.raises(ValueError, match="no points"):
        series_spec(rebased_table, "ward-z")


def test_list_of_dicts_is_accepted_and_sorted_by_x() -> None:
    rows = [point("s", 3, 3.0), point("s", 1, 1.0), point("s", 2, 2.0)]

    spec = series_spec(rows, "s")

    assert [r["x"] for r in spec["data"]["values"]] == [1, 2, 3]
    assert spec["encoding"]["x"]["type"] == "quantitative"


def test_dates_are_iso_strings_on_a_utc_time_axis(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a")

    assert spec["data"]["values"][0]["x"] == "2023-01-01"
    assert spec["data"]["values"][0]["x_label"] == "1 Jan 2023"
    assert spec["encoding"]["x"]["type"] == "temporal"
    assert spec["encoding"]["x"]["scale"]["type"] == "utc"


def test_datetimes_are_iso_utc_instants() -> None:
    london = dt.timezone(dt.timedelta(hours=1))
    rows = [
        point("s", dt.datetime(2024, 6, 1, 9, 30), 1.0),
        point("s", dt.datetime(2024, 6, 2, 9, 30, tzinfo=london), 2.0),
    ]

    values = series_spec(rows, "s")["data"]["values"]

    assert [v["x"] for v in values] == ["2024-06-01T09:30:00Z", "2024-06-02T08:30:00Z"]


def test_limits_are_dashed_and_drawn_per_segment(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a")

    limits = layer(spec, "limits")
    assert limits["mark"]["strokeDash"]
    assert {"field": "segment", "type": "ordinal"} in limits["encoding"]["detail"]
    mean = layer(spec, "mean")
    assert "strokeDash" not in mean["mark"]
    assert mean["encoding"]["detail"]["field"] == "segment"
    assert {r["segment"] for r in spec["data"]["values"]} == {0, 1}


def test_data_line_breaks_at_missing_values_and_rebases(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a")

    runs = [r["run"] for r in spec["data"]["values"]]
    # Points 0-2, then 4-11 after the gap at 3, then 12-15 after the rebase.
    assert runs[2] != runs[4]
    assert runs[4] == runs[11]
    assert runs[11] != runs[12]
    assert layer(spec, "data_line")["encoding"]["detail"]["field"] == "run"


def test_point_colours_follow_point_types_present(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a")

    scale = layer(spec, "points")["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours == {
        POINT_TYPE_LABELS["common_cause"]: POINT_TYPE_COLOURS["common_cause"],
        POINT_TYPE_LABELS["special_cause_concern"]: POINT_TYPE_COLOURS["special_cause_concern"],
    }
    assert POINT_TYPE_COLOURS["common_cause"] == "#A6A6A6"
    assert POINT_TYPE_COLOURS["special_cause_concern"] == "#E46C0A"


def test_every_point_type_has_a_distinct_colour_by_meaning() -> None:
    rows = [
        point("s", i, float(i), point_type=pt, special_cause_flag=pt != "common_cause")
        for i, pt in enumerate(POINT_TYPE_LABELS)
    ]

    scale = layer(series_spec(rows, "s"), "points")["encoding"]["color"]["scale"]

    assert scale["domain"] == list(POINT_TYPE_LABELS.values())
    assert len(set(scale["range"])) == 4  # the two neutral types share purple


def test_target_layer_only_when_a_target_is_set(rebased_table: pa.Table) -> None:
    with_target = series_spec(rebased_table, "ward-a")
    without = series_spec(rebased_table.drop_columns(["target"]), "ward-a")

    assert layer(with_target, "target")["mark"]["strokeDash"]
    assert "target" in layer_names(with_target)
    assert "target" not in layer_names(without)
    assert "target_label" not in layer_names(without)


def test_event_annotations_are_numbered_markers_with_a_key(rebased_table: pa.Table) -> None:
    long_title = "PDSA 1: board round with the nurse in charge, the pharmacist and " + "x" * 80
    events = [
        {"x": month(12), "label": "New discharge lounge", "kind": "stage"},
        {"x": month(4), "label": long_title, "kind": "pdsa"},
    ]

    spec = series_spec(rebased_table, "ward-a", events=events)

    rules = layer(spec, "events")
    assert rules["mark"]["type"] == "rule"
    assert [v["x"] for v in rules["data"]["values"]] == ["2023-05-01", "2024-01-01"]
    labels = layer(spec, "event_labels")
    # Only the number is drawn on the chart, so labels cannot overlap or be cut.
    assert labels["encoding"]["text"]["field"] == "number"
    assert [v["number"] for v in labels["data"]["values"]] == ["1", "2"]
    # The key keeps every title whole, numbered in date order like the markers.
    key = charts.event_key(events)
    assert [(e["number"], e["label"]) for e in key] == [
        (1, long_title),
        (2, "New discharge lounge"),
    ]
    # The tooltip still names each event in full.
    assert next(v["label"] for v in rules["data"]["values"]) == f"1. {long_title}"
    assert "events" not in layer_names(series_spec(rebased_table, "ward-a"))


def _dated(values: list[float | None], start: dt.date, step_days: int) -> list[dict]:
    return [
        {
            "series_id": "s",
            "x": start + dt.timedelta(days=step_days * i),
            "y": v,
            "mean": 2.0,
            "lpl": -1.5,
            "upl": 5.5,
            "point_type": "common_cause",
            "segment": 0,
        }
        for i, v in enumerate(values)
    ]


def test_a_chart_over_more_than_a_year_names_the_year_on_its_date_labels() -> None:
    long = series_spec(_dated([1, 2, 3] * 10, dt.date(2024, 1, 1), 30), "s")
    short = series_spec(_dated([1, 2, 3] * 3, dt.date(2025, 1, 6), 7), "s")

    assert long["encoding"]["x"]["axis"]["format"] == "%b %Y"
    assert "%Y" not in short["encoding"]["x"]["axis"]["format"]


def test_counts_never_draw_below_zero_and_a_negative_lower_limit_is_drawn_at_zero() -> None:
    spec = series_spec(_dated([0, 2, 4, 1, 3], dt.date(2025, 1, 6), 7), "s")

    assert {r["lpl"] for r in spec["data"]["values"]} == {0.0}
    assert spec["encoding"]["y"]["scale"]["domainMin"] == 0.0
    svg = charts.spec_to_svg(spec)
    assert "\u2212" not in svg
    assert ">-" not in svg


def test_a_series_that_goes_negative_keeps_its_limits() -> None:
    rows = _dated([-1, 2, 4, 1, 3], dt.date(2025, 1, 6), 7)
    spec = series_spec(rows, "s")

    assert {r["lpl"] for r in spec["data"]["values"]} == {-1.5}
    assert "domainMin" not in spec["encoding"]["y"]["scale"]
    assert (
        series_spec(_dated([0, 2], dt.date(2025, 1, 6), 7), "s", floor=None)["data"]["values"][0][
            "lpl"
        ]
        == -1.5
    )


def test_the_g_chart_is_plotted_by_event_order_with_dates_as_labels() -> None:
    # Uneven gaps between events: by date the points would bunch; by order they don't.
    days = [0, 1, 2, 40, 41, 120]
    rows = [
        {**r, "x": dt.date(2025, 1, 1) + dt.timedelta(days=d)}
        for r, d in zip(_dated([5, 1, 1, 38, 1, 79], dt.date(2025, 1, 1), 1), days, strict=True)
    ]
    events = [{"x": dt.date(2025, 2, 1), "label": "Bay alarms", "kind": "pdsa"}]
    spec = series_spec(rows, "s", event_order=True, events=events)

    assert [r["x"] for r in spec["data"]["values"]] == [1, 2, 3, 4, 5, 6]
    x = spec["encoding"]["x"]
    assert x["type"] == "quantitative"
    assert "1 Jan 2025" in x["axis"]["labelExpr"]
    assert "1 May 2025" in x["axis"]["labelExpr"]
    # The event falls between the third point (3 Jan) and the fourth (10 Feb).
    assert layer(spec, "events")["data"]["values"][0]["x"] == 3.5
    svg = charts.spec_to_svg(spec)
    assert "10 Feb 2025" in svg


def test_short_segments_are_labelled_as_trial_limits(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a")

    notes = layer(spec, "trial_labels")["data"]["values"]
    assert notes == [{"x": "2024-01-01", "upl": 22.7, "note": charts.TRIAL_NOTE}]


def test_tooltips_use_plain_words(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a")

    concern = spec["data"]["values"][5]
    assert concern["point_label"] == "Special cause \u2013 concern"
    assert concern["rules"] == "A point outside the process limits"
    assert spec["data"]["values"][0]["rules"] == "None"
    titles = [t["title"] for t in layer(spec, "points")["encoding"]["tooltip"]]
    assert titles[:4] == ["Date", "Value", "Variation", "Rules that fired"]


def test_description_summarises_the_chart_for_screen_readers(rebased_table: pa.Table) -> None:
    summary = pa.Table.from_pylist(
        [
            {
                "series_id": "ward-a",
                "variation_icon": "common_cause",
                "assurance_icon": "inconsistent",
            }
        ]
    )

    spec = series_spec(rebased_table, "ward-a", title="Falls", summary=summary)

    description = spec["description"]
    assert description.startswith("Statistical process control chart of Falls: 15 points")
    assert "1 special cause \u2013 concern" in description
    assert "rebased into 2 segments" in description
    assert ICON_LABELS["inconsistent"] in description
    assert spec["title"]["text"] == "Falls"
    assert len(layer(spec, "icons")["data"]["values"]) == 2

    # A page that shows the icons beside the chart leaves them out of it,
    # and the description still names them.
    bare = series_spec(rebased_table, "ward-a", title="Falls", summary=summary, draw_icons=False)
    assert "icons" not in [lay.get("name") for lay in bare["layer"]]
    assert bare["description"] == description
    assert bare["title"]["dy"] == 0


def test_container_width_is_kept_for_browsers_and_fixed_for_rendering(
    rebased_table: pa.Table,
) -> None:
    spec = series_spec(rebased_table, "ward-a", width="container")

    assert spec["width"] == "container"
    assert charts._renderable(spec)["width"] == charts.DEFAULT_WIDTH


# --- rendering ----------------------------------------------------------------


def test_svg_render_has_the_title(rebased_table: pa.Table) -> None:
    spec = series_spec(rebased_table, "ward-a", title="Discharges before noon")

    svg = spec_to_svg(spec)

    assert svg.lstrip().startswith("<svg")
    assert "Discharges before noon" in svg


def test_png_render_is_a_png(rebased_table: pa.Table) -> None:
    png = spec_to_png(series_spec(rebased_table, "ward-a"), scale=1)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_series_svg_takes_an_analysis_result(rebased_table: pa.Table) -> None:
    summary = pa.Table.from_pylist(
        [{"series_id": "ward-a", "variation_icon": "special_cause_concern_high"}]
    )
    result = SimpleNamespace(points=rebased_table, summary=summary)

    svg = series_svg(result, "ward-a", title="Ward A")

    assert "Ward A" in svg
    assert "<image" in svg  # the variation icon


# --- icons --------------------------------------------------------------------


@pytest.mark.parametrize("name", icons_svg.VARIATION_ICONS)
def test_each_variation_icon_is_an_accessible_svg(name: str) -> None:
    svg = variation_icon_svg(name, size=32)

    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert f"<title>{ICON_LABELS[name]}</title>" in svg
    assert 'width="32"' in svg


@pytest.mark.parametrize("name", icons_svg.ASSURANCE_ICONS)
def test_each_assurance_icon_is_an_accessible_svg(name: str) -> None:
    svg = assurance_icon_svg(name)

    assert 'role="img"' in svg
    assert f"<title>{ICON_LABELS[name]}</title>" in svg


@pytest.mark.parametrize("name", [None, ""])
def test_no_assurance_icon_is_an_empty_string(name: str | None) -> None:
    assert assurance_icon_svg(name) == ""


def test_icon_colours_follow_meaning() -> None:
    assert icons_svg.ORANGE in variation_icon_svg("special_cause_concern_low")
    assert icons_svg.BLUE in variation_icon_svg("special_cause_improvement_high")
    assert icons_svg.PURPLE in variation_icon_svg("special_cause_neutral_low")
    assert icons_svg.ORANGE not in variation_icon_svg("common_cause")


def test_icon_title_is_escaped() -> None:
    svg = variation_icon_svg("common_cause", title='Falls <ward "A">')

    assert "<title>Falls &lt;ward &quot;A&quot;&gt;</title>" in svg


@pytest.mark.parametrize(
    ("draw", "name"),
    [
        (variation_icon_svg, "special_cause_improvement"),
        (variation_icon_svg, "consistent_pass"),
        (assurance_icon_svg, "common_cause"),
        (assurance_icon_svg, "passing"),
    ],
)
def test_unknown_icon_name_is_an_error(draw: Any, name: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        draw(name)


def test_icons_render_as_svg_images() -> None:
    import vl_convert

    png = vl_convert.svg_to_png(variation_icon_svg("special_cause_neutral_high"))

    assert png.startswith(b"\x89PNG")


def test_docstring_examples_run() -> None:
    for module in (charts, icons_svg):
        failures, tried = doctest.testmod(module)
        assert tried > 0
        assert failures == 0
