"""What the project registry does when the measurement area's data changes.

A project measure linked to a QLS series follows that series: once the
series' SPC has been recomputed, the measure's evidence of improvement is
refreshed, so pages that show it only ever read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qls.measurement.signals import series_changed
from qls.projects.evidence_store import refresh_series_evidence


def _series_changed(sender: Any, series_ids: Iterable[int] = (), **kwargs: Any) -> None:
    refresh_series_evidence(series_ids)


def connect() -> None:
    series_changed.connect(_series_changed, dispatch_uid="projects-series-evidence")
