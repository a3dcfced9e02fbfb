"""``qls aggregate``: the importer's record-level rules, the same points on DuckDB and Spark."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from qls.aggregate import AggregateError, DefinitionError, aggregate_duckdb, aggregate_spark, load
from qls.cli import main as qls

WARDS = ["W1", "W2", "W3"]
KEY = [("series_id", "ascending"), ("x", "ascending")]
SCREENING = {
    "code": "sepsis-screening",
    "chart_type": "p",
    "frequency": "month",
    "multiplier": 100,
    "strata": ["imd_quintile", "sex"],
    "record": {
        "date_column": "arrived",
        "org_unit_column": "ward_code",
        "filter": "eligible = 'Y'",
        "numerator": "CASE WHEN screened = 'Y' THEN 1 ELSE 0 END",
        "denominator": "1",
        "strata": {"imd_quintile": "imd", "sex": "sex"},
    },
}
FALLS = {
    "code": "falls",
    "chart_type": "c",
    "frequency": "week",
    "record": {"date_column": "when", "org_unit_column": "ward", "filter": "harm <> 'none'"},
}


def _rows(seed: int, n: int, uk_dates: bool = False) -> list[dict[str, str]]:
    """The importer tests' synthetic screening extract."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    rows = []
    for _ in range(n):
        day = start + dt.timedelta(days=rng.randrange(120))
        rows.append(
            {
                "arrived": day.strftime("%d/%m/%Y") if uk_dates else day.isoformat(),
                "ward_code": rng.choice(WARDS),
                "eligible": rng.choice("YYYN"),
                "screened": rng.choice("YYN"),
                "imd": rng.choice(["1", "2", "3", "4", "5", ""]),
                "sex": rng.choice("FM"),
            }
        )
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> str:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def _defs(tmp_path: Path, *metrics: dict[str, Any]) -> str:
    path = tmp_path / "definitions.json"
    path.write_text(json.dumps({"items": list(metrics)}))
    return str(path)


FALLS_CSV = (
    "when,ward,harm\n"
    "2024-01-03,W1,low\n2024-01-04,W1,none\n2024-01-05,W1,moderate\n2024-01-24,W3,low\n"
)


def test_duckdb_matches_a_plain_python_count(tmp_path: Path) -> None:
    rows = _rows(7, 3000)
    points = aggregate_duckdb([_write(tmp_path / "s.csv", rows)], load(_defs(tmp_path, SCREENING)))
    sums: dict[tuple[str, dt.date], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        if row["eligible"] == "Y":
            month = dt.date.fromisoformat(row["arrived"]).replace(day=1)
            for unit in (row["ward_code"], "all"):
                for stratum in (
                    "",
                    f":imd_quintile={row['imd'] or 'Not known'}",
                    f":sex={row['sex']}",
                ):
                    key = (f"sepsis-screening:{unit}{stratum}", month)
                    sums[key][0] += row["screened"] == "Y"
                    sums[key][1] += 1
    got = {(r["series_id"], r["x"]): r for r in points.to_pylist()}
    assert sums
    assert set(got) == set(sums)
    for key, (num, den) in sums.items():
        assert (got[key]["numerator"], got[key]["denominator"]) == (num, den), key
        assert got[key]["y"] == num / den * 100.0


def test_counts_fill_empty_weeks_with_zero(tmp_path: Path) -> None:
    (tmp_path / "falls.csv").write_text(FALLS_CSV)
    points = aggregate_duckdb([str(tmp_path / "falls.csv")], load(_defs(tmp_path, FALLS)))
    w1 = [(r["x"], r["y"]) for r in points.to_pylist() if r["series_id"] == "falls:W1"]
    assert w1 == [
        (dt.date(2024, 1, 1), 2.0),
        (dt.date(2024, 1, 8), 0.0),
        (dt.date(2024, 1, 15), 0.0),
        (dt.date(2024, 1, 22), 0.0),
    ]


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
@pytest.mark.parametrize("uk_dates", [False, True])
def test_spark_gives_duckdbs_points(spark: Any, tmp_path: Path, uk_dates: bool) -> None:
    records = _write(tmp_path / "screening.csv", _rows(11, 2000, uk_dates))
    (tmp_path / "falls.csv").write_text(FALLS_CSV)
    for path, metric in ((records, SCREENING), (str(tmp_path / "falls.csv"), FALLS)):
        definitions = load(_defs(tmp_path, metric))
        want = aggregate_duckdb([path], definitions).sort_by(KEY)
        got = aggregate_spark(spark, [path], definitions).toArrow().sort_by(KEY)
        assert want.num_rows > 10 or metric is FALLS
        assert got.column_names == want.column_names
        for name in want.column_names:
            assert got.column(name).to_pylist() == want.column(name).to_pylist(), name


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_command_line_on_both_engines_from_parquet(spark: Any, tmp_path: Path) -> None:
    import pyarrow.csv as pcsv

    folder = tmp_path / "records"
    folder.mkdir()
    table = pcsv.read_csv(_write(tmp_path / "s.csv", _rows(3, 1500)))
    pq.write_table(table.slice(0, 700), folder / "part-0.parquet")
    pq.write_table(table.slice(700), folder / "part-1.parquet")
    defs = _defs(tmp_path, SCREENING, FALLS)
    base = ["aggregate", str(folder), "--definitions", defs, "--metric", "sepsis-screening"]
    assert qls([*base, "--out", str(tmp_path / "d.parquet")]) == 0
    assert qls([*base, "--engine", "spark", "--out", str(tmp_path / "s.parquet")]) == 0
    want = pq.read_table(tmp_path / "d.parquet").sort_by(KEY)
    got = pq.read_table(tmp_path / "s.parquet").sort_by(KEY)
    assert want.num_rows > 0
    assert got.to_pylist() == want.to_pylist()


def test_bad_rows_refuse_the_extract_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(5, 50)
    rows[10]["arrived"] = "31/02/2024x"
    rows[20]["ward_code"] = ""
    records = _write(tmp_path / "s.csv", rows)
    out = tmp_path / "points.parquet"
    argv = ["aggregate", records, "--definitions", _defs(tmp_path, SCREENING), "--out", str(out)]
    assert qls(argv) == 2
    err = capsys.readouterr().err
    assert "metric 'sepsis-screening': 2 rows cannot be used" in err
    assert "the date is not YYYY-MM-DD or DD/MM/YYYY" in err
    assert "the org unit column is empty" in err
    assert not out.exists()
    bad = dict(SCREENING, record=dict(SCREENING["record"], numerator="no_such_column"))
    with pytest.raises(AggregateError, match="does not fit the extract"):
        aggregate_duckdb([records], load(_defs(tmp_path, bad)))


def test_definitions_file_problems_are_named(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="no record-level definition for 'nope'"):
        load(_defs(tmp_path, SCREENING), ["nope"])
    ratio = dict(FALLS, chart_type="u")
    with pytest.raises(DefinitionError, match="'falls': a u chart needs a denominator"):
        load(_defs(tmp_path, ratio))
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(DefinitionError, match="cannot be read as JSON"):
        load(tmp_path / "broken.json")


def test_engine_local_is_the_plain_spc_command(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("series_id,x,y\na,1,2\na,2,3\n")
    out = tmp_path / "r.csv"
    assert qls(["spc", str(tmp_path / "p.csv"), "--engine", "local", "--out", str(out)]) == 0
    assert out.read_text().splitlines()[1].startswith("a,1,2,2.5,")
