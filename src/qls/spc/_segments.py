"""Series and segment layout: factorise series ids, sort once, cut segments.

The engine works on the rows sorted by (series, x). ``Layout`` records that
order (``None`` when the input was already sorted, the common case, so no
gather is paid) and segment offsets, from which every per-segment reduction
is a ``np.add.reduceat`` and every per-point line an ``np.repeat``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrow import array, bools, numbers
from .errors import SpcInputError


@dataclass
class Layout:
    """Where each series and segment sits in the sorted rows."""

    n: int
    order: np.ndarray | None  # sorted position -> input row; None = identity
    series_ids: pa.Array  # one id per series, in order of first appearance
    series_start: np.ndarray  # int64 offsets, len n_series + 1
    seg_start: np.ndarray  # int64 offsets, len n_seg + 1
    seg_series: np.ndarray  # int64 series code of each segment
    seg_number: np.ndarray  # int32 0-based segment number within its series
    xkey: np.ndarray  # int64 sorted x key

    @property
    def n_series(self) -> int:
        return len(self.series_start) - 1

    @property
    def n_seg(self) -> int:
        return len(self.seg_start) - 1

    @property
    def seg_len(self) -> np.ndarray:
        return np.diff(self.seg_start)

    def per_point(self, seg_values: np.ndarray) -> np.ndarray:
        """Spread one value per segment over that segment's rows (sorted order)."""
        return np.repeat(seg_values, self.seg_len)

    def input_row(self, sorted_pos: int) -> int:
        return int(sorted_pos if self.order is None else self.order[sorted_pos])

    def to_input_order(self, values: np.ndarray) -> np.ndarray:
        """Scatter an array computed in sorted order back to the caller's row order."""
        if self.order is None:
            return values
        out = np.empty_like(values)
        out[self.order] = values
        return out


def _boundaries(ids: pa.Array) -> np.ndarray:
    """Bool mask, length n-1: True where row i+1 has a different series id from row i."""
    n = len(ids)
    if n < 2:
        return np.zeros(0, bool)
    t = ids.type
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        v = numbers(ids)
        return v[1:] != v[:-1]
    return bools(pc.not_equal(ids.slice(1), ids.slice(0, n - 1)))


def build_layout(ids: pa.Array, xkey: np.ndarray) -> Layout:
    """Factorise series ids and find the sort order; refuse duplicate x in a series."""
    n = len(ids)
    if n and ids.null_count:
        row = int(np.flatnonzero(bools(ids.is_null()))[0])
        raise SpcInputError("series_id is empty", column="series_id", row=row)
    change = _boundaries(ids)
    block_start = np.flatnonzero(change) + 1
    block_start = np.concatenate(([0], block_start)) if n else block_start
    block_ids = ids.take(array(block_start.astype(np.int64))) if n else ids
    # Fast path: every series already sits in one contiguous block (the usual
    # shape of extracts), so codes come from the block boundaries without hashing.
    contiguous = len(pc.unique(block_ids)) == len(block_ids)
    order: np.ndarray | None = None
    if contiguous:
        series_ids = block_ids
        series_start = np.append(block_start, n).astype(np.int64)
        rising = xkey[1:] > xkey[:-1]
        if not bool((rising | change).all()):
            codes = np.repeat(np.arange(len(block_start), dtype=np.int64), np.diff(series_start))
            order = np.lexsort((xkey, codes))
    else:
        enc = pc.dictionary_encode(ids)
        series_ids = enc.dictionary
        codes = numbers(enc.indices).astype(np.int64)
        counts = np.bincount(codes, minlength=len(series_ids))
        series_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        order = np.lexsort((xkey, codes))
    if order is not None:
        xkey = xkey[order]
        same = np.zeros(max(n - 1, 0), bool)
        inner = np.ones(max(n - 1, 0), bool)
        inner[series_start[1:-1] - 1] = False
        np.equal(xkey[1:], xkey[:-1], out=same)
        same &= inner
        if same.any():
            pos = int(np.flatnonzero(same)[0])
            rows = sorted((int(order[pos]), int(order[pos + 1])))
            raise SpcInputError(
                f"x repeats within series {ids[rows[1]].as_py()!r}",
                column="x",
                row=rows[1],
                first_row=rows[0],
            )
    n_series = len(series_start) - 1
    return Layout(
        n=n,
        order=order,
        series_ids=series_ids,
        series_start=series_start,
        seg_start=series_start,
        seg_series=np.arange(n_series, dtype=np.int64),
        seg_number=np.zeros(n_series, np.int32),
        xkey=xkey,
    )


def add_rebases(
    layout: Layout, rebase_series: np.ndarray, rebase_x: np.ndarray, rebase_row: np.ndarray
) -> None:
    """Cut segments at each rebase x (the rebase point starts the new segment)."""
    if rebase_series.size == 0:
        return
    lo = layout.series_start[rebase_series]
    hi = layout.series_start[rebase_series + 1]
    xk = layout.xkey
    # One binary search per rebase point inside its series' slice: rebases are
    # a handful per series at most, so this loop never scales with the rows.
    pos = np.empty(rebase_series.size, np.int64)
    for i in range(rebase_series.size):  # one step per rebase point, never per row
        pos[i] = lo[i] + np.searchsorted(xk[lo[i] : hi[i]], rebase_x[i])
    found = (pos < hi) & (xk[np.minimum(pos, layout.n - 1)] == rebase_x)
    if not found.all():
        i = int(np.flatnonzero(~found)[0])
        raise SpcInputError(
            f"rebase x is not an x of series {layout.series_ids[int(rebase_series[i])].as_py()!r}",
            column="rebase",
            row=int(rebase_row[i]),
            table="options",
        )
    starts = np.unique(np.concatenate((layout.series_start[:-1], pos)))
    seg_start = np.append(starts, layout.n).astype(np.int64)
    seg_series = np.searchsorted(layout.series_start, starts, side="right") - 1
    first_seg = np.searchsorted(starts, layout.series_start[:-1])
    layout.seg_start = seg_start
    layout.seg_series = seg_series.astype(np.int64)
    layout.seg_number = (np.arange(len(starts)) - first_seg[seg_series]).astype(np.int32)
