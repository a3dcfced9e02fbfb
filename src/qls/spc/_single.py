"""One-series helpers: ``xmr(y)``, ``p(numerator, denominator)`` and the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._engine import AnalysisResult, analyse
from ._names import OPTION_COLUMNS
from .errors import SpcOptionError


def _single(
    chart: str,
    values: dict[str, Any],
    x: Sequence[Any] | np.ndarray | None,
    rules: str | None,
    options: dict[str, Any],
) -> AnalysisResult:
    first = next(iter(values.values()))
    n = len(first)
    xs = np.arange(n) if x is None else x
    points: dict[str, Any] = {"series_id": np.zeros(n, np.int64), "x": xs, **values}
    unknown = set(options) - set(OPTION_COLUMNS[1:])
    if unknown:
        raise SpcOptionError(f"unknown option(s): {', '.join(sorted(unknown))}")
    opts: dict[str, list[Any]] | None = None
    if options:
        opts = {"series_id": [0]}
        for key, value in options.items():
            if key == "rebase":
                opts[key] = [list(value) if value is not None else None]
            else:
                opts[key] = [value]
    return analyse(points, opts, chart=chart, rules=rules)


def xmr(y: Any, x: Any = None, *, rules: str | None = None, **options: Any) -> AnalysisResult:
    """XmR chart of one series; ``options`` as the options table's columns."""
    return _single("xmr", {"y": np.asarray(y, float)}, x, rules, options)


def run(y: Any, x: Any = None, *, rules: str | None = None, **options: Any) -> AnalysisResult:
    """Run chart (median, Anhøj rules) of one series."""
    return _single("run", {"y": np.asarray(y, float)}, x, rules, options)


def c(y: Any, x: Any = None, *, rules: str | None = None, **options: Any) -> AnalysisResult:
    """c chart (counts) of one series."""
    return _single("c", {"y": np.asarray(y, float)}, x, rules, options)


def g(y: Any, x: Any = None, *, rules: str | None = None, **options: Any) -> AnalysisResult:
    """g chart (cases between rare events) of one series."""
    return _single("g", {"y": np.asarray(y, float)}, x, rules, options)


def t(y: Any, x: Any = None, *, rules: str | None = None, **options: Any) -> AnalysisResult:
    """t chart (time between rare events, all > 0) of one series."""
    return _single("t", {"y": np.asarray(y, float)}, x, rules, options)


def _ratio(chart: str, numerator: Any, denominator: Any, x: Any, rules: Any, options: Any) -> Any:
    values = {
        "numerator": np.asarray(numerator, float),
        "denominator": np.asarray(denominator, float),
    }
    return _single(chart, values, x, rules, options)


def p(
    numerator: Any, denominator: Any, x: Any = None, *, rules: str | None = None, **options: Any
) -> AnalysisResult:
    """p chart (proportions) of one series."""
    return _ratio("p", numerator, denominator, x, rules, options)


def pp(
    numerator: Any, denominator: Any, x: Any = None, *, rules: str | None = None, **options: Any
) -> AnalysisResult:
    """Laney p' chart of one series."""
    return _ratio("pp", numerator, denominator, x, rules, options)


def u(
    numerator: Any, denominator: Any, x: Any = None, *, rules: str | None = None, **options: Any
) -> AnalysisResult:
    """u chart (rates per unit) of one series."""
    return _ratio("u", numerator, denominator, x, rules, options)


def up(
    numerator: Any, denominator: Any, x: Any = None, *, rules: str | None = None, **options: Any
) -> AnalysisResult:
    """Laney u' chart of one series."""
    return _ratio("up", numerator, denominator, x, rules, options)
