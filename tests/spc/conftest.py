"""Shared helpers for the SPC tests (no Django, no database)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from spark_session import spark  # noqa: F401  (session-scoped, for the Spark tests)

from qls.spc import AnalysisResult, analyse

settings.register_profile(
    "spc",
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("spc")


def one(
    y: Any, chart: str = "xmr", rules: str | None = None, x: Any = None, **options: Any
) -> AnalysisResult:
    """Analyse a single series given as a list (None = missing)."""
    values = np.array([np.nan if v is None else v for v in y], dtype=float)
    n = len(values)
    pts: dict[str, Any] = {
        "series_id": np.zeros(n, np.int64),
        "x": np.arange(n) if x is None else np.asarray(x),
        "y": values,
    }
    opts = None
    if options:
        opts = {"series_id": [0], **{k: [v] for k, v in options.items()}}
    return analyse(pts, opts, chart=chart, rules=rules)


def col(result: AnalysisResult, name: str) -> list[Any]:
    return result.points.column(name).to_pylist()


def summary(result: AnalysisResult) -> dict[str, Any]:
    return result.summary.to_pylist()[0]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240601)
