"""``qls spc`` on a big file analyses whole series a batch at a time, with the same bytes out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from qls.spc import cli

Run = tuple[int, bytes, bytes, str]


def run(
    tmp: Path,
    points: str,
    batch_rows: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    options: str | None = None,
    extra: tuple[str, ...] = (),
) -> Run:
    monkeypatch.setattr(cli, "BATCH_ROWS", batch_rows)
    pts = tmp / "p.csv"
    pts.write_text(points)
    args = [str(pts), "--out", str(tmp / "r.csv"), "--summary", str(tmp / "s.csv"), *extra]
    if options is not None:
        (tmp / "o.csv").write_text(options)
        args += ["--options", str(tmp / "o.csv")]
    capsys.readouterr()
    code = cli.main(args)
    err = capsys.readouterr().err
    out = (tmp / "r.csv").read_bytes() if code == 0 else b""
    summary = (tmp / "s.csv").read_bytes() if code == 0 else b""
    for name in ("r.csv", "s.csv"):
        (tmp / name).unlink(missing_ok=True)
    return code, out, summary, err


def points_text(seed: int, n_series: int, shuffle: bool = False, ids: str = "w{}") -> str:
    rng = np.random.default_rng(seed)
    lines = ["series_id,x,y"]
    for s in range(n_series):
        for x in range(int(rng.integers(12 if s in (3, 7, 12, 40) else 1, 40))):
            y = "" if rng.random() < 0.05 else f"{rng.normal(50, 8):.2f}"
            lines.append(f"{ids.format(s)},{x},{y}")
    body = lines[1:]
    if shuffle:
        body = [body[i] for i in rng.permutation(len(body))]
    return "\n".join([lines[0], *body]) + "\n"


OPTIONS = (
    "series_id,improvement_direction,target,rebase,fix_after_n_points\n"
    "w3,decrease,45,,\nw7,neutral,,5,\nw12,increase,60,,10\nw40,decrease,,3;9,\n"
)


def test_batches_never_split_a_series_and_cover_every_row() -> None:
    ids = pa.array(["a"] * 5 + ["b"] * 30 + ["c"] * 2 + ["d"] * 9)
    # Cut at the first series start at or after every 10th row (10, 20, 30 -> 35).
    got = cli.series_batches(pa.table({"series_id": ids}), 10)
    assert got == [(0, 35), (35, 46)]
    assert cli.series_batches(pa.table({"series_id": ids}), 3) == [
        (0, 5),
        (5, 35),
        (35, 37),
        (37, 46),
    ]
    shuffled = pa.table({"series_id": pa.array(["a", "b", "a"] * 10)})
    assert cli.series_batches(shuffled, 4) is None


def test_batched_run_writes_the_same_bytes_as_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = points_text(1, 60)
    table = pa.table({"series_id": pa.array([ln.split(",")[0] for ln in text.split()[1:]])})
    assert len(cli.series_batches(table, 50) or []) > 10
    whole = run(tmp_path, text, 10**9, monkeypatch, capsys, OPTIONS)
    batched = run(tmp_path, text, 50, monkeypatch, capsys, OPTIONS)
    assert whole[0] == 0
    assert whole[1].count(b"\n") == text.count("\n")
    assert batched == whole


@pytest.mark.parametrize(
    ("text", "chart"),
    [
        (points_text(2, 30, shuffle=True), "xmr"),  # series interleaved: one batch
        (points_text(3, 30, ids='"ward {}, north"'), "xmr"),  # ids that need quotes
        (
            "series_id,x,numerator,denominator\n"
            + "".join(f"s{s},{x},{(s * x) % 7},{10 + x}\n" for s in range(20) for x in range(15)),
            "p",
        ),
    ],
)
def test_other_shapes_give_the_same_bytes_batched_or_not(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    chart: str,
) -> None:
    whole = run(tmp_path, text, 10**9, monkeypatch, capsys, extra=("--chart", chart))
    batched = run(tmp_path, text, 40, monkeypatch, capsys, extra=("--chart", chart))
    assert whole[0] == 0
    assert batched == whole


def test_an_error_in_a_later_batch_names_the_same_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = points_text(4, 40)
    lines = text.splitlines()
    lines.insert(len(lines) - 1, lines[-1])  # the last series repeats its last x
    text = "\n".join(lines) + "\n"
    whole = run(tmp_path, text, 10**9, monkeypatch, capsys)
    batched = run(tmp_path, text, 50, monkeypatch, capsys)
    assert whole[0] == 2
    assert f":{len(lines)}: x: x repeats" in whole[3]
    assert batched == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_options_for_a_series_without_points_are_refused_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = points_text(5, 40)
    options = "series_id,improvement_direction\nw2,decrease\nnowhere,increase\n"
    whole = run(tmp_path, text, 10**9, monkeypatch, capsys, options)
    batched = run(tmp_path, text, 50, monkeypatch, capsys, options)
    assert whole[0] == 2
    assert "nowhere" in whole[3]
    assert batched == whole
