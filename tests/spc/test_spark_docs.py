"""The worked example of docs/spc-at-scale.md runs as written (paths made absolute)."""

from __future__ import annotations

import json
import random
import re
import shlex
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from qls.cli import main as qls

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

DOC = Path(__file__).resolve().parents[2] / "docs" / "spc-at-scale.md"
DEFINITION = {
    "code": "sepsis-screening",
    "chart_type": "p",
    "frequency": "month",
    "multiplier": 100,
    "improvement_direction": "increase",
    "strata": ["sex"],
    "record": {
        "date_column": "arrived",
        "org_unit_column": "ward_code",
        "filter": "eligible = 'Y'",
        "numerator": "CASE WHEN screened = 'Y' THEN 1 ELSE 0 END",
        "denominator": "1",
        "strata": {"sex": "sex"},
    },
}


def _worked_example() -> tuple[list[str], str]:
    text = DOC.read_text()
    part = text.split("## Worked example", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w+)\n(.*?)```", part, re.DOTALL)
    commands = [line for lang, body in blocks if lang == "sh" for line in body.splitlines()]
    (python,) = [body for lang, body in blocks if lang == "python"]
    return [c for c in commands if c.startswith("qls ")], python


def _records(folder: Path) -> None:
    """Synthetic attendances over 14 months at four trusts, in three uneven files."""
    rng = random.Random(3)
    rows: dict[str, list[Any]] = {
        k: [] for k in ("arrived", "ward_code", "eligible", "screened", "imd", "sex")
    }
    for _ in range(6000):
        rows["arrived"].append(
            f"{2023 + rng.randrange(2)}-{rng.randrange(1, 8):02d}-{rng.randrange(1, 29):02d}"
        )
        rows["ward_code"].append(rng.choice(["RXA", "RXB", "RXC", "RXD"]))
        rows["eligible"].append(rng.choice("YYYN"))
        rows["screened"].append(rng.choice("YYYN"))
        rows["imd"].append(rng.randrange(1, 6))
        rows["sex"].append(rng.choice("FM"))
    table = pa.table(rows)
    folder.mkdir()
    for i, (a, b) in enumerate([(0, 100), (100, 4000), (4000, 6000)]):
        pq.write_table(table.slice(a, b - a), folder / f"part-{i}.parquet")


def test_the_worked_example_runs(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands, python = _worked_example()
    assert len(commands) == 2
    _records(tmp_path / "records")
    (tmp_path / "definitions.json").write_text(json.dumps({"items": [DEFINITION], "next": None}))
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert qls(shlex.split(command)[1:]) == 0, command
    summary = (tmp_path / "summary.csv").read_text().splitlines()
    assert summary[0].startswith("series_id,variation_icon,assurance_icon")
    assert len(summary) == 1 + 4 * 3 + 3  # four trusts and all, each overall and by sex
    assert pq.read_table(tmp_path / "results.parquet").num_rows > 100

    # Spark resolves relative paths against the JVM's folder, not this test's.
    for name in ("definitions.json", "records", "results/summary"):
        python = python.replace(f'"{name}"', repr(str(tmp_path / name)))
    exec(compile(python, str(DOC), "exec"), {})  # noqa: S102  (our own docs, run as a test)
    results = pq.read_table(tmp_path / "results" / "summary")
    assert results.num_rows == 15
    assert set(results.column("variation_icon").to_pylist()) <= {
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
    }
