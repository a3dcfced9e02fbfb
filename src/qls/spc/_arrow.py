"""NumPy views of Arrow arrays without pyarrow's ``to_numpy``.

``pa.Array.to_numpy`` imports pandas on first use, which costs seconds of
start-up in the CLI; these helpers read the buffers directly (zero-copy for
numbers without nulls).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def _chunk(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        return arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return arr


def bools(arr: pa.Array | pa.ChunkedArray, null: bool = False) -> np.ndarray:
    """Bool NumPy array of a boolean Arrow array, nulls as ``null``."""
    arr = _chunk(arr)
    if arr.null_count:
        arr = pc.fill_null(arr, array(np.array([null]))[0])
    n = len(arr)
    if n == 0:
        return np.zeros(0, bool)
    raw = np.frombuffer(arr.buffers()[1], np.uint8)
    bits = np.unpackbits(raw, bitorder="little", count=arr.offset + n)
    return bits[arr.offset :].view(bool)


def numbers(arr: pa.Array | pa.ChunkedArray, fill: float | None = None) -> np.ndarray:
    """NumPy array of an integer or float Arrow array; nulls become ``fill`` (NaN for floats)."""
    arr = _chunk(arr)
    t = arr.type
    if arr.null_count:
        if fill is None:
            if not pa.types.is_floating(t):
                arr = arr.cast(pa.float64())
                t = arr.type
            fill = float("nan")
        kind0 = "f" if pa.types.is_floating(t) else "i"
        filler = array(np.array([fill], f"{kind0}{t.bit_width // 8}"))[0]
        arr = pc.fill_null(arr, filler.cast(t))
    if not (pa.types.is_integer(t) or pa.types.is_floating(t)):
        raise TypeError(f"not a numeric Arrow type: {t}")
    # Not t.to_pandas_dtype(): that imports pandas.
    kind = "f" if pa.types.is_floating(t) else ("i" if pa.types.is_signed_integer(t) else "u")
    dtype = np.dtype(f"{kind}{t.bit_width // 8}")
    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype)
    return np.frombuffer(arr.buffers()[1], dtype, count=n, offset=arr.offset * dtype.itemsize)


def array(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Arrow array over a NumPy array (zero-copy for numbers); ``mask`` True = null.

    ``pa.array(ndarray)`` would do the same but imports pandas on first use.
    """
    values = np.ascontiguousarray(values)
    n = len(values)
    validity = None
    null_count = 0
    if mask is not None:
        null_count = int(np.count_nonzero(mask))
        if null_count:
            validity = pa.py_buffer(np.packbits(~mask, bitorder="little"))
    if values.dtype == np.bool_:
        data = pa.py_buffer(np.packbits(values, bitorder="little"))
        return pa.Array.from_buffers(pa.bool_(), n, [validity, data], null_count=null_count)
    if values.dtype.kind in "iuf":
        t = pa.from_numpy_dtype(values.dtype)
        return pa.Array.from_buffers(t, n, [validity, pa.py_buffer(values)], null_count=null_count)
    return pa.array(values, mask=mask if null_count else None)


def strings(values: list[str]) -> pa.Array:
    """String array from Python strings, built from buffers (no pandas import)."""
    encoded = [v.encode() for v in values]
    offsets = np.zeros(len(encoded) + 1, np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = b"".join(encoded)
    return pa.Array.from_buffers(
        pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


def string_scalar(value: str) -> pa.Scalar:
    """A string scalar for compute calls (a bare str would import pandas)."""
    return strings([value])[0]
