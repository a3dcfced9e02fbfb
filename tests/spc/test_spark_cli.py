"""``qls spc --engine spark`` writes what the local command writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from test_against_plain_loop import random_batch

from qls.cli import main as qls
from qls.spc.cli import main as local_spc

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

GOOD = """series_id,x,y
ward-a,2024-01-01,5
ward-a,2024-01-02,7
ward-b,2024-01-01,1.5
ward-a,2024-01-03,
ward-a,2024-01-04,6
ward-b,2024-01-02,2
"""
OPTIONS = "series_id,improvement_direction,target\nward-a,decrease,4\n"


def _random_csv(path: Path) -> tuple[str, str]:
    points, opts = random_batch(np.random.default_rng(5), 50, grid=True, shuffle=True)
    table = pa.table({k: pa.array(v, from_pandas=True) for k, v in points.items()})
    pcsv.write_csv(table, path / "pts.csv")  # a missing y as an empty cell
    lines = ["series_id,improvement_direction,target,rebase,fix_after_n_points,screen_outliers"]
    for i, sid in enumerate(opts["series_id"]):
        rebase = ";".join(str(v) for v in opts["rebase"][i] or [])
        target = "" if opts["target"][i] is None else opts["target"][i]
        fix = "" if opts["fix_after_n_points"][i] is None else opts["fix_after_n_points"][i]
        lines.append(
            f"{sid},{opts['improvement_direction'][i]},{target},{rebase},{fix},"
            f"{str(opts['screen_outliers'][i]).lower()}"
        )
    (path / "opts.csv").write_text("\n".join(lines) + "\n")
    return str(path / "pts.csv"), str(path / "opts.csv")


@pytest.mark.parametrize("data", ["small", "random"])
def test_csv_results_are_byte_for_byte_the_local_ones(
    spark: Any, tmp_path: Path, data: str
) -> None:
    if data == "small":
        (tmp_path / "pts.csv").write_text(GOOD)
        (tmp_path / "opts.csv").write_text(OPTIONS)
        pts, opts = str(tmp_path / "pts.csv"), str(tmp_path / "opts.csv")
    else:
        pts, opts = _random_csv(tmp_path)
    local = ["--out", str(tmp_path / "l.csv"), "--summary", str(tmp_path / "ls.csv")]
    assert local_spc([pts, "--options", opts, *local]) == 0
    on_spark = ["--out", str(tmp_path / "s.csv"), "--summary", str(tmp_path / "ss.csv")]
    args = ["spc", pts, "--engine", "spark", "--options", opts, "--partitions", "3", *on_spark]
    assert qls(args) == 0
    local_text = (tmp_path / "l.csv").read_text()
    assert local_text.count("\n") > 6
    assert (tmp_path / "s.csv").read_text() == local_text
    assert (tmp_path / "ss.csv").read_text() == (tmp_path / "ls.csv").read_text()


def test_parquet_folder_in_and_out(spark: Any, tmp_path: Path) -> None:
    pts, opts = _random_csv(tmp_path)
    table = pcsv.read_csv(pts)
    folder = tmp_path / "points"
    folder.mkdir()
    for i, start in enumerate(range(0, table.num_rows, 400)):
        pq.write_table(table.slice(start, 400), folder / f"part-{i:05d}.parquet")
    out, summary = tmp_path / "results", tmp_path / "summary"
    argv = ["spc", str(folder), "--engine", "spark", "--options", opts]
    assert qls([*argv, "--out", str(out), "--summary", str(summary)]) == 0
    assert local_spc([pts, "--options", opts, "--out", str(tmp_path / "l.csv")]) == 0
    want = pcsv.read_csv(tmp_path / "l.csv").sort_by(
        [("series_id", "ascending"), ("x", "ascending")]
    )
    got = pq.read_table(out).sort_by([("series_id", "ascending"), ("x", "ascending")])
    assert got.num_rows == want.num_rows > 0
    for name in ("mean", "lpl", "upl", "rule_shift", "segment"):
        assert got.column(name).to_pylist() == want.column(name).to_pylist(), name
    # A missing point has no type: null in Parquet, an empty cell in CSV.
    types = [t or "" for t in got.column("point_type").to_pylist()]
    assert types == want.column("point_type").to_pylist()
    assert pq.read_table(summary).num_rows == 50


def test_bad_input_exits_2_naming_the_series_and_writes_nothing(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pts.csv").write_text("series_id,x,y\nward-a,1,5\nward-b,1,2\nward-b,1,3\n")
    out = tmp_path / "r.csv"
    assert qls(["spc", str(tmp_path / "pts.csv"), "--engine", "spark", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "x repeats within series 'ward-b'" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pts.csv"]
