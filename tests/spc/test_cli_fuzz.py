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


@st.composite
def mangled(draw: st.DrawFn) -> tuple[bytes, str]:
    chart = draw(st.sampled_from(["xmr", "p"]))
    lines = list(VALID_LINES if chart == "xmr" else RATIO_LINES)
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
    return data, chart


def _check(data: bytes, chart: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "points.csv")
        out = os.path.join(tmp, "result.csv")
        with open(path, "wb") as f:
            f.write(data)
        status = main([path, "--chart", chart, "--out", out])
        err = capsys.readouterr().err
        assert status in (0, 2), err
        if status == 0:
            assert err == ""
            assert os.path.exists(out)
        else:
            assert err.count("\n") == 1, err
            assert err.endswith("\n"), err
            assert re.match(rf"^{re.escape(path)}(:\d+)?: \S", err), err
            assert os.listdir(tmp) == ["points.csv"]


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
