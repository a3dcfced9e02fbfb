"""Paired analysis of self-efficacy: the same people before and after a course.

Plain functions over numbers, no Django. A person's score for one survey is
the mean of their item scores (0 to 10). A pair is one person's pre and post
score on the same enrolment; only pairs enter the change statistics, so
people who answered one survey only do not bias the change.

* Mean change with a 95% confidence interval from Student's t distribution
  with n - 1 degrees of freedom (mean ± t * sd / sqrt(n)).
* Wilcoxon signed-rank test (``scipy.stats.wilcoxon``, two-sided): the
  change scores are bounded and often skewed, so a rank test checks the
  t interval's conclusion without assuming normality. Zero differences are
  dropped (Wilcoxon's method); with ties or zeros SciPy uses the normal
  approximation.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps

MIN_PAIRS_FOR_CI = 2


@dataclass(frozen=True)
class PairedChange:
    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05


def paired_change(pre: Sequence[float], post: Sequence[float]) -> PairedChange:
    """Mean post - pre change of paired scores, its 95% t interval and Wilcoxon p-value.

    >>> r = paired_change([4, 5, 6, 5], [6, 7, 7, 8])
    >>> r.n, r.mean_change
    (4, 2.0)
    """
    if len(pre) != len(post):
        raise ValueError("pre and post must be the same length (one pair per person)")
    n = len(pre)
    if n == 0:
        return PairedChange(0, None, None, None, None, None, None)
    a = np.asarray(pre, dtype=float)
    b = np.asarray(post, dtype=float)
    d = b - a
    mean = float(d.mean())
    low = high = None
    if n >= MIN_PAIRS_FOR_CI:
        sd = float(d.std(ddof=1))
        half = float(sps.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return PairedChange(
        n=n,
        mean_pre=float(a.mean()),
        mean_post=float(b.mean()),
        mean_change=mean,
        ci_low=low,
        ci_high=high,
        p_value=wilcoxon_p(d),
    )


def wilcoxon_p(differences: Sequence[float] | np.ndarray) -> float | None:
    """Two-sided Wilcoxon signed-rank p-value; 1.0 when every difference is zero."""
    d = np.asarray(differences, dtype=float)
    if d.size == 0:
        return None
    if not np.any(d != 0):
        return 1.0
    with warnings.catch_warnings():
        # SciPy warns when it falls back to the normal approximation for ties
        # or small samples; the fallback is the documented method here.
        warnings.simplefilter("ignore", category=UserWarning)
        result = sps.wilcoxon(d, zero_method="wilcox", alternative="two-sided")
    return float(result.pvalue)


def rate(numerator: int, denominator: int) -> float | None:
    """A proportion, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None
