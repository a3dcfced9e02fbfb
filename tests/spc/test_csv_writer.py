"""The run-aware CSV writer gives Arrow's own CSV text, whatever the mix of columns."""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
from hypothesis import given, settings
from hypothesis import strategies as st

from qls.spc.io.writing import write_csv


@st.composite
def tables(draw: st.DrawFn) -> pa.Table:
    """Columns constant over runs of rows, with a few values, or different on every row."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    runs = rng.integers(1, draw(st.integers(2, 40)), size=draw(st.integers(1, 30)))
    n = int(runs.sum())
    run_of_row = np.repeat(np.arange(len(runs)), runs)

    def per_run(values: np.ndarray) -> np.ndarray:
        return values[run_of_row]

    def floats(size: int) -> pa.Array:
        v = np.round(rng.normal(50, 20, size), int(rng.integers(0, 4)))
        v[rng.random(size) < 0.05] = -0.0
        v[rng.random(size) < 0.05] = np.nan
        return pa.array(v, mask=rng.random(size) < 0.1)

    kinds = draw(st.lists(st.sampled_from("ifrbdscxt"), min_size=1, max_size=12))
    columns: dict[str, pa.Array] = {}
    for k, kind in enumerate(kinds):
        if kind == "i":  # different on every row
            col = pa.array(rng.integers(-5, 10**6, n))
        elif kind == "x":  # a few values, different from row to row (months, counts)
            col = pa.array(rng.integers(0, 12, n), mask=rng.random(n) < 0.05)
        elif kind == "t":
            col = pa.array(rng.integers(18_000, 18_010, n).astype("datetime64[D]"))
        elif kind == "f":
            col = floats(n)
        elif kind == "r":  # one value per run
            col = floats(len(runs)).take(pa.array(run_of_row))
        elif kind == "b":
            col = pa.array(rng.random(n) < 0.2, mask=rng.random(n) < 0.05)
        elif kind == "d":
            col = pa.array(rng.choice(["common", "high", "low"], n)).dictionary_encode()
        elif kind == "s":
            col = pa.array([f"s{r}" for r in per_run(rng.integers(0, 5, len(runs)))])
        else:  # run-constant, then changing on a few rows inside runs
            v = per_run(rng.integers(0, 3, len(runs)))
            v[rng.random(n) < 0.02] += 1
            col = pa.array(v.astype(np.int32))
        columns[f"c{k}"] = col
    return pa.table(columns)


@settings(max_examples=150, deadline=None)
@given(table=tables(), chunk=st.sampled_from([1, 3, 16_384]))
def test_write_csv_gives_arrows_text(table: pa.Table, chunk: int) -> None:
    ours = io.BytesIO()
    write_csv(table, ours, chunk_rows=chunk, header=False)
    arrow = io.BytesIO()
    plain = pa.table(
        {
            name: col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col
            for name, col in zip(table.column_names, table.columns, strict=True)
        }
    )
    pcsv.write_csv(plain, arrow, pcsv.WriteOptions(include_header=False, quoting_style="none"))
    assert ours.getvalue() == arrow.getvalue()
