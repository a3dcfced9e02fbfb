"""Reporting by exception: which frozen results need a narrative, which are good news.

An **exception** is a metric whose latest point is special-cause concern
(its variation icon is ``special_cause_concern_high`` or ``_low``; the icon
is read from the last point, as in docs/spc.md) or whose assurance icon is
``consistent_fail``: the process cannot meet its target without change.

**Good news** is special-cause improvement at the latest point, or a
``consistent_pass`` that the previous edition did not have (a new pass; one
that has held for months is no longer news).

A series whose limits collapsed under repeated values has no icons
(``repeated_values``) and is neither: its icons would mislead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qls.measurement.spc_cache import CONCERN_ICONS, IMPROVEMENT_ICONS
from qls.reports.models import ItemKind

FAIL = "consistent_fail"
PASS = "consistent_pass"


def classify(
    variation: str, assurance: str, summary: Mapping[str, Any] | None, previous_assurance: str = ""
) -> str:
    """The ``ItemKind`` of one frozen result.

    >>> classify("special_cause_concern_high", "", {})
    'exception'
    >>> classify("common_cause", "consistent_pass", {}, previous_assurance="inconsistent")
    'improvement'
    """
    if summary and summary.get("repeated_values"):
        return ItemKind.NONE
    if variation in CONCERN_ICONS or assurance == FAIL:
        return ItemKind.EXCEPTION
    if variation in IMPROVEMENT_ICONS or (assurance == PASS and previous_assurance != PASS):
        return ItemKind.IMPROVEMENT
    return ItemKind.NONE
