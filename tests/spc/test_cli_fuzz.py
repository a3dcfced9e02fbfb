"""``qls spc`` on mangled input: exit 0 or 2, never a traceback, one located line.

Each example starts from a valid points file and mangles it the way real
files go wrong: cut lines, stray quotes, random bytes, extra or missing
fields, spaces in the header, other encodings. The command line runs in
process through ``main(argv)``.
"""

from __future__ import annotations

import os
import re
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qls.spc.cli import main

VALID_LINES = [
    "series_id,x,y",
    "ward-a,2024-01-01,5",
    "ward-a,2024-01-02,7",
    "ward-b,2024-01-01,1.5",
    "ward-a,2024-01-03,",
    "ward-a,2024-01-04,6",
    "ward-b,2024-01-02,2",
    "ward-b,2024-01-03,3.25",
]
RATIO_LINES = [
    "series_id,x,numerator,denominator",
    "a,1,1,10",
    "a,2,3,10",
    "b,1,0,4",
    "b,2,2,5",
]


OPTION_LINES = [
    "series_id,improvement_direction,target,rebase,fix_after_n_points,screen_outliers",
    "ward-a,decrease,4,2024-01-03,,",
    "ward-b,neutral,,,2,false",
]


@st.composite
def mangled(draw: st.DrawFn) -> tuple[bytes, str]:
    chart = draw(st.sampled_from(["xmr", "p"]))
    return _mangle(draw, VALID_LINES if chart == "xmr" else RATIO_LINES), chart


def _mangle(draw: st.DrawFn, valid: list[str]) -> bytes:
    lines = list(valid)
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(
                [
                    "truncate",
                    "quote",
                    "extra field",
                    "drop field",
                    "space header",
                    "drop line",
                    "duplicate line",
                    "blank line",
                    "text",
                    "blank header name",
                ]
            )
        )
        line = lines[i]
        if kind == "truncate":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        elif kind == "quote":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + '"' + line[at:]
        elif kind == "extra field":
            lines[i] = line + "," + draw(st.text("0123456789.abc", max_size=4))
        elif kind == "drop field":
            lines[i] = ",".join(line.split(",")[:-1])
        elif kind == "space header":
            lines[0] = lines[0].replace(",", draw(st.sampled_from([", ", " ,", " , "])), 1)
        elif kind == "drop line":
            del lines[i]
            if not lines:
                lines = [""]
        elif kind == "duplicate line":
            lines.insert(i, line)
        elif kind == "blank line":
            lines.insert(i, "")
        elif kind == "text":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(max_size=6)) + line[at:]
        else:
            lines[0] = lines[0] + ","
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=12)) + data[at:]
    return data


def _check(
    data: bytes, chart: str, capsys: pytest.CaptureFixture[str], options: bytes | None = None
) -> None:
    capsys.readouterr()
    with tempfile.TemporaryDirectory() as tmp:
        points = os.path.join(tmp, "points.csv")
        out = os.path.join(tmp, "result.csv")
        with open(points, "wb") as f:
            f.write(data)
        argv = [points, "--chart", chart, "--out", out]
        path = points
        if options is not None:
            path = os.path.join(tmp, "options.csv")
            with open(path, "wb") as f:
                f.write(options)
            argv += ["--options", path]
        status = main(argv)
        err = capsys.readouterr().err
        assert status in (0, 2), err
        if status == 0:
            assert err == ""
            assert os.path.exists(out)
        else:
            assert err.count("\n") == 1, err
            assert err.endswith("\n"), err
            assert re.match(rf"^{re.escape(path)}(:\d+)?: \S", err), err
            assert sorted(os.listdir(tmp)) == sorted(
                ["points.csv"] + (["options.csv"] if options is not None else [])
            )


@settings(
    deadline=None, max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mangled())
def test_mangled_points_exit_0_or_2_with_one_located_line(
    case: tuple[bytes, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _check(*case, capsys)


@settings(
    deadline=None, max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_random_bytes_exit_0_or_2_with_one_located_line(
    data: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(data, "xmr", capsys)


@settings(
    deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mangled_options_exit_0_or_2_with_one_located_line(
    data: st.DataObject, capsys: pytest.CaptureFixture[str]
) -> None:
    options = data.draw(st.composite(lambda draw: _mangle(draw, OPTION_LINES))())
    _check("\n".join(VALID_LINES).encode() + b"\n", "xmr", capsys, options)
