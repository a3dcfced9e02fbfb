"""The ``qls spc`` command line: good runs, and each kind of bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qls.spc import POINT_COLUMNS, SUMMARY_COLUMNS
from qls.spc.cli import main

GOOD = """series_id,x,y
ward-a,2024-01-01,5
ward-a,2024-01-02,7
ward-b,2024-01-01,1.5
ward-a,2024-01-03,
ward-a,2024-01-04,6
ward-b,2024-01-02,2
"""


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text)
    return str(path)


def test_good_run_writes_result_and_summary_with_exact_headers(tmp_path: Path) -> None:
    pts = write(tmp_path, "p.csv", GOOD)
    opts = write(tmp_path, "o.csv", "series_id,improvement_direction,target\nward-a,decrease,4\n")
    out, summ = str(tmp_path / "r.csv"), str(tmp_path / "s.csv")
    assert main([pts, "--options", opts, "--out", out, "--summary", summ]) == 0
    lines = Path(out).read_text().splitlines()
    assert lines[0] == ",".join(POINT_COLUMNS)
    assert len(lines) == 7
    row = dict(zip(POINT_COLUMNS, lines[1].split(","), strict=True))
    assert row["series_id"] == "ward-a"
    assert row["x"] == "2024-01-01"
    assert row["y"] == "5"
    assert row["mean"] == repr(6.0).rstrip("0").rstrip(".")
    assert row["special_cause_flag"] == "false"
    assert row["point_type"] == "common_cause"
    assert row["target"] == "4"
    missing = dict(zip(POINT_COLUMNS, lines[4].split(","), strict=True))
    assert missing["y"] == ""
    assert missing["point_type"] == ""
    s = Path(summ).read_text().splitlines()
    assert s[0] == ",".join(SUMMARY_COLUMNS)
    assert s[1].startswith("ward-a,common_cause,inconsistent,")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".qls")] == []


def test_full_precision_numbers(tmp_path: Path) -> None:
    pts = write(tmp_path, "p.csv", "series_id,x,y\n1,1,1\n1,2,2\n1,3,2\n")
    out = str(tmp_path / "r.csv")
    assert main([pts, "--out", out]) == 0
    mean = Path(out).read_text().splitlines()[1].split(",")[3]
    assert float(mean) == 5 / 3
    assert mean == repr(5 / 3)


def test_python_dash_m_works(tmp_path: Path) -> None:
    pts = write(tmp_path, "p.csv", GOOD)
    out = tmp_path / "r.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "qls.spc", pts, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.exists()


def test_ratio_chart_reads_numerator_and_denominator(tmp_path: Path) -> None:
    pts = write(tmp_path, "p.csv", "series_id,x,numerator,denominator\na,1,1,10\na,2,3,10\n")
    out = str(tmp_path / "r.csv")
    assert main([pts, "--chart", "p", "--out", out]) == 0
    assert Path(out).read_text().splitlines()[2].split(",")[2] == "0.3"


BAD = [
    ("missing column", "series_id,x\na,1\n", None, "xmr", "p.csv:1", "missing column"),
    ("bad number", "series_id,x,y\na,1,1\na,2,abc\n", None, "xmr", "p.csv:3", "'abc'"),
    (
        "bad date",
        "series_id,x,y\na,2024-01-01,1\na,2024-13-01,2\n",
        None,
        "xmr",
        "p.csv:3",
        "ISO date",
    ),
    ("bad integer x", "series_id,x,y\na,1,1\na,2x,2\n", None, "xmr", "p.csv:3", "'2x'"),
    (
        "duplicate x",
        "series_id,x,y\na,1,1\nb,1,1\na,1,2\n",
        None,
        "xmr",
        "p.csv:4",
        "repeats within series 'a' (first at line 2)",
    ),
    (
        "rebase not in series",
        GOOD,
        "series_id,rebase\nward-a,2024-01-02;2024-02-01\n",
        "xmr",
        "o.csv:2",
        "rebase",
    ),
    (
        "unknown direction",
        GOOD,
        "series_id,improvement_direction\nward-b,up\n",
        "xmr",
        "o.csv:2",
        "'up'",
    ),
    (
        "denominator zero",
        "series_id,x,numerator,denominator\na,1,1,10\na,2,0,0\n",
        None,
        "p",
        "p.csv:3",
        "denominator",
    ),
    (
        "numerator above denominator",
        "series_id,x,numerator,denominator\na,1,11,10\n",
        None,
        "p",
        "p.csv:2",
        "above its denominator",
    ),
    ("t not positive", "series_id,x,y\na,1,3\na,2,-1\n", None, "t", "p.csv:3", "above 0"),
    (
        "options for unknown series",
        GOOD,
        "series_id,target\nward-z,3\n",
        "xmr",
        "o.csv:2",
        "no points",
    ),
    ("bad target", GOOD, "series_id,target\nward-a,3\nward-b,lots\n", "xmr", "o.csv:3", "'lots'"),
]


@pytest.mark.parametrize(
    ("points", "options", "chart", "where", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_input_exits_2_names_file_and_line_and_leaves_no_output(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    points: str,
    options: str | None,
    chart: str,
    where: str,
    words: str,
) -> None:
    pts = write(tmp_path, "p.csv", points)
    argv = [
        pts,
        "--chart",
        chart,
        "--out",
        str(tmp_path / "r.csv"),
        "--summary",
        str(tmp_path / "s.csv"),
    ]
    if options is not None:
        argv += ["--options", write(tmp_path, "o.csv", options)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert where in err, err
    assert words in err, err
    assert sorted(os.listdir(tmp_path)) == sorted(["p.csv"] + (["o.csv"] if options else []))


def test_unknown_chart_is_a_usage_error(tmp_path: Path) -> None:
    pts = write(tmp_path, "p.csv", GOOD)
    assert main([pts, "--chart", "xbar", "--out", str(tmp_path / "r.csv")]) == 2
    assert not (tmp_path / "r.csv").exists()


def test_svg_writes_one_chart_per_series(tmp_path: Path) -> None:
    pts = write(tmp_path, "p.csv", GOOD)
    svg = tmp_path / "svg"
    assert main([pts, "--out", str(tmp_path / "r.csv"), "--svg", str(svg)]) == 0
    assert sorted(p.name for p in svg.iterdir()) == ["ward-a.svg", "ward-b.svg"]
    assert (svg / "ward-a.svg").read_text().startswith("<svg")


MALFORMED = [
    ("empty file", b"", "p.csv:1: the file is empty; it needs a header line"),
    ("header only", b"series_id,x,y\n", "p.csv:2: no data rows after the header"),
    ("ragged row", b"series_id,x,y\na,1,1\na,2,2,9\n", "p.csv:3: 4 fields where the header has 3"),
    ("short row", b"series_id,x,y\na,1,1\na,2\n", "p.csv:3: 2 fields where the header has 3"),
    ("unclosed quote in header", b'series_id,"x,y\na,1,1\n', "p.csv:1: header: unclosed quote"),
    (
        "unclosed quote in a row",
        b'series_id,x,y\na,1,1\na,2,"3\na,3,4\n',
        "p.csv:3: unclosed quote",
    ),
    ("blank header name", b"series_id,x,y,\na,1,1,\n", "p.csv:1: header: column 4 has no name"),
    (
        "duplicate header name",
        b"series_id,x,y,y\na,1,1,2\n",
        "p.csv:1: y: the header names this column twice",
    ),
    (
        "not a number",
        b"series_id,x,y\na,1,1\na,2,abc\n",
        "p.csv:3: y: cannot read 'abc' as a number",
    ),
    (
        "blank lines counted",
        b"series_id,x,y\n\na,1,1\n\na,2,abc\n",
        "p.csv:5: y: cannot read 'abc' as a number",
    ),
    (
        "quoted line break counted",
        b'series_id,x,y\n"a\nb",1,1\na,1,2\na,1,3\n',
        "p.csv:5: x: x repeats within series 'a' (first at line 4)",
    ),
    (
        "png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "p.csv:1: header: not UTF-8 text (is this a CSV file?)",
    ),
    (
        "utf-16",
        "series_id,x,y\na,1,1\n".encode("utf-16"),
        "p.csv:1: header: not UTF-8 text (is this a CSV file?)",
    ),
    (
        "bad byte in a row",
        b"series_id,x,y\na,1,1\na,2,\xff\n",
        "p.csv:3: not UTF-8 text (byte 0xff; is this a CSV file?)",
    ),
    (
        "ragged row in the first block",
        b"series_id,x,y\na,1\na,2,2\n",
        "p.csv:2: 2 fields where the header has 3",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_points_give_one_line_file_line_column_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: str
) -> None:
    pts = tmp_path / "p.csv"
    pts.write_bytes(data)
    assert main([str(pts), "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == f"{tmp_path}/{expected}\n"
    assert os.listdir(tmp_path) == ["p.csv"]


@pytest.mark.parametrize("end", ["", "\n", "\r\n"])
@pytest.mark.parametrize("header", ["series_id,x,y", "series_id, x, y"])
def test_header_alone_has_no_data_rows_whatever_ends_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, end: str
) -> None:
    pts = tmp_path / "p.csv"
    pts.write_bytes((header + end).encode())
    assert main([str(pts), "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == f"{pts}:2: no data rows after the header\n"


@pytest.mark.parametrize("end", ["", "\n"])
def test_options_header_alone_means_no_options(tmp_path: Path, end: str) -> None:
    pts = write(tmp_path, "p.csv", GOOD)
    opts = write(tmp_path, "o.csv", "series_id, target" + end)
    assert main([pts, "--options", opts, "--out", str(tmp_path / "a.csv")]) == 0
    assert main([pts, "--out", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_quote_left_open_in_the_last_column_is_refused_not_read_to_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pts = tmp_path / "p.csv"
    pts.write_text('y,x,series_id\n1,1,a\n2,2,"a\n3,3,a\n')
    assert main([str(pts), "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == f"{pts}:3: unclosed quote\n"


def test_quote_left_open_in_options_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pts = write(tmp_path, "p.csv", GOOD)
    opts = write(tmp_path, "o.csv", 'series_id,screen_outliers\nward-a,"false\nward-b,true\n')
    assert main([pts, "--options", opts, "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == f"{opts}:2: unclosed quote\n"


def test_malformed_options_name_the_options_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pts = write(tmp_path, "p.csv", GOOD)
    opts = write(tmp_path, "o.csv", "series_id,target\nward-a,3,4\n")
    assert main([pts, "--options", opts, "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == f"{opts}:2: 3 fields where the header has 2\n"


def test_header_names_with_spaces_around_them_are_read_as_the_names(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.csv", GOOD)
    spaced = write(tmp_path, "spaced.csv", GOOD.replace("series_id,x,y", "series_id , x, y "))
    assert main([plain, "--out", str(tmp_path / "a.csv")]) == 0
    assert main([spaced, "--out", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_carriage_return_line_endings_read_like_newlines(tmp_path: Path) -> None:
    (tmp_path / "cr.csv").write_bytes(GOOD.replace("\n", "\r").encode())
    plain = write(tmp_path, "plain.csv", GOOD)
    assert main([str(tmp_path / "cr.csv"), "--out", str(tmp_path / "a.csv")]) == 0
    assert main([plain, "--out", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nope.csv")
    assert main([missing, "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == f"{missing}: no such file\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_an_output_that_is_a_pipe_or_device_is_written_not_replaced(tmp_path: Path) -> None:
    """``--out /dev/null`` or a named pipe: renaming a file over it would replace it."""
    import stat
    import threading

    pts = write(tmp_path, "p.csv", GOOD)
    assert main([pts, "--out", str(tmp_path / "plain.csv")]) == 0
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []

    def read() -> None:
        with open(pipe, "rb") as f:
            got.append(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    code = main([pts, "--out", str(pipe)])
    if not got:  # a run that replaced the pipe never opened it: let the reader go
        with open(pipe, "wb"):
            pass
    reader.join(timeout=10)
    assert code == 0
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert got == [(tmp_path / "plain.csv").read_bytes()]
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".qls-spc-")]
