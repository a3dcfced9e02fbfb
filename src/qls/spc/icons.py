"""Point types and the Making Data Count variation and assurance icons (methodology §1)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from ._arrow import array, strings

# The icon names live with their drawings, which must import without NumPy.
from .icons_svg import ASSURANCE_ICONS, VARIATION_ICONS  # noqa: F401 - re-exported

POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
COMMON, IMPROVEMENT, CONCERN, NEUTRAL_HIGH, NEUTRAL_LOW = range(5)

DIRECTION_NAMES = ("decrease", "neutral", "increase")  # index = direction + 1


def _rise_fall(d: np.ndarray) -> np.ndarray:
    """{0, +1, -1} -> {0, 1, 2} in one pass: -1 viewed as uint8 is 255, capped at 2."""
    return np.minimum(d.view(np.uint8), np.uint8(2)).view(np.int8)


def point_type_codes(direction: np.ndarray, improvement: np.ndarray | int) -> np.ndarray:
    """int8 index into POINT_TYPES from the rule direction (+1/-1/0) and improvement direction.

    ``improvement`` is +1 (increase), -1 (decrease) or 0 (neutral), per row
    or one for all rows. Integer tricks instead of ``np.where`` chains: this
    runs on every point of the batch.
    """
    d = direction.astype(np.int8, copy=False)
    if not isinstance(improvement, np.ndarray):
        imp = int(improvement)
        if imp == 0:
            code = _rise_fall(d)  # 0, 1 high, 2 low
            return code + np.int8(2) * (code > 0)  # 0, 3, 4
        return _rise_fall(d if imp > 0 else -d)  # 0, 1 improvement, 2 concern
    imp_arr = improvement.astype(np.int8, copy=False)
    code = _rise_fall(d * imp_arr)
    neutral = imp_arr == 0
    if neutral.any():
        n_code = _rise_fall(d[neutral])
        code[neutral] = n_code + np.int8(2) * (n_code > 0)
    return code


def variation_icon_codes(last_type: np.ndarray, improvement: np.ndarray) -> np.ndarray:
    """Index into VARIATION_ICONS per series from its last point's type; -1 = no icon."""
    t = last_type.astype(np.int64)
    high = improvement > 0
    out = np.full(len(t), -1, np.int64)
    out[t == COMMON] = 0
    out[(t == IMPROVEMENT) & high] = 1
    out[(t == IMPROVEMENT) & ~high] = 2
    out[(t == CONCERN) & ~high] = 3
    out[(t == CONCERN) & high] = 4
    out[t == NEUTRAL_HIGH] = 5
    out[t == NEUTRAL_LOW] = 6
    return out


def assurance_codes(
    target: np.ndarray, lpl: np.ndarray, upl: np.ndarray, improvement: np.ndarray
) -> np.ndarray:
    """Index into ASSURANCE_ICONS per series; -1 = none (no target, neutral or no limits).

    A target exactly on a limit is "inconsistent": the process can land
    either side of it.
    """
    out = np.full(len(target), -1, np.int64)
    ok = np.isfinite(target) & (improvement != 0) & np.isfinite(lpl) & np.isfinite(upl)
    with np.errstate(invalid="ignore"):
        above = ok & (target > upl)
        below = ok & (target < lpl)
    inc = improvement > 0
    out[ok] = 2
    out[above & inc] = 1
    out[above & ~inc] = 0
    out[below & inc] = 0
    out[below & ~inc] = 1
    return out


def dictionary_column(
    codes: np.ndarray, names: tuple[str, ...], may_be_null: bool = True
) -> pa.DictionaryArray:
    """Dictionary-encoded string column with int8 indices; negative codes are nulls."""
    codes8 = codes.astype(np.int8, copy=False)
    mask = codes8 < 0 if may_be_null else None
    indices = array(codes8, mask=mask)
    return pa.DictionaryArray.from_arrays(indices, strings(list(names)))
