"""qls.spc — statistical process control for QLS, batch-first and exact.

A pure NumPy/pyarrow engine (no Django) implementing the Making Data Count
XmR chart as NHSRplotthedots does, and qicharts2's run, p, p', u, u', c, g
and t charts with the Anhøj runs rules. See docs/spc.md for the method and
every decision, and README.md in this package for the design.

>>> from qls.spc import xmr
>>> xmr([1.0, 2, 3, 2, 1]).summary.column("variation_icon").to_pylist()
['common_cause']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Light names only: ``qls spc --help`` and importing the errors need neither
# NumPy nor pyarrow. The engine and the one-series helpers load on first use.
from ._names import CHARTS, OPTION_COLUMNS, RULE_COLUMNS, RULE_LABELS, RULE_SETS
from .errors import SpcError, SpcInputError, SpcOptionError
from .icons_svg import ASSURANCE_ICONS, VARIATION_ICONS

if TYPE_CHECKING:
    from ._engine import (
        G_EXTRA_COLUMNS,
        POINT_COLUMNS,
        SUMMARY_COLUMNS,
        AnalysisResult,
        analyse,
    )
    from ._single import c, g, p, pp, run, t, u, up, xmr
    from .icons import POINT_TYPES

__all__ = [
    "ASSURANCE_ICONS",
    "CHARTS",
    "G_EXTRA_COLUMNS",
    "OPTION_COLUMNS",
    "POINT_COLUMNS",
    "POINT_TYPES",
    "RULE_COLUMNS",
    "RULE_LABELS",
    "RULE_SETS",
    "SUMMARY_COLUMNS",
    "VARIATION_ICONS",
    "AnalysisResult",
    "SpcError",
    "SpcInputError",
    "SpcOptionError",
    "analyse",
    "c",
    "g",
    "p",
    "pp",
    "run",
    "t",
    "u",
    "up",
    "xmr",
]

_LAZY = {
    "G_EXTRA_COLUMNS": "_engine",
    "POINT_COLUMNS": "_engine",
    "SUMMARY_COLUMNS": "_engine",
    "AnalysisResult": "_engine",
    "analyse": "_engine",
    "POINT_TYPES": "icons",
    **dict.fromkeys(("c", "g", "p", "pp", "run", "t", "u", "up", "xmr"), "_single"),
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value
