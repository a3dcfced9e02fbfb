"""Quality data: datasets, metrics, observations and SPC results.

The shape, from the outside in:

- ``Dataset`` is a catalogue entry for a source of data (a Datix extract, the
  bed-state feed, an audit tool), with ``DatasetField`` rows defining its columns.
- ``Metric`` is one measure built on a dataset: how it is charted (chart type,
  direction, target, frequency, multiplier) and, for record-level extracts,
  how DuckDB turns one row per event into a number per period (date column,
  org unit column, filter, numerator, denominator, strata columns).
- ``Series`` is a metric at one org unit (trust, site or ward) and one stratum
  (``""``/``""`` for everyone). It carries the cached SPC result.
- ``Observation`` is one period of one series. Only aggregated numbers are
  stored; record-level rows never reach the database.
- ``Import`` records where observations came from (who, when, file, hash,
  rows in and out, rejected rows), and drives the progress bar of the
  background job.
- ``ApiToken`` lets Power BI or a warehouse read the API (and push
  observations, with the import permission).
"""

from __future__ import annotations

from qls.measurement.models.choices import (
    ChartType,
    Frequency,
    ImprovementDirection,
    Level,
    RefreshCadence,
    Sensitivity,
    StratumDimension,
)
from qls.measurement.models.datasets import Dataset, DatasetField
from qls.measurement.models.imports import (
    DEFINITION_PROBLEM,
    Import,
    ImportKind,
    ImportSource,
    ImportStatus,
)
from qls.measurement.models.metrics import Metric, MetricTrajectory
from qls.measurement.models.observations import Observation
from qls.measurement.models.rebasing import RebasePoint
from qls.measurement.models.series import SERIES_CACHE_FIELDS, Series
from qls.measurement.models.sharing import DataSharingAgreement, MetricShare
from qls.measurement.models.tokens import ApiToken

__all__ = [
    "DEFINITION_PROBLEM",
    "SERIES_CACHE_FIELDS",
    "ApiToken",
    "ChartType",
    "DataSharingAgreement",
    "Dataset",
    "DatasetField",
    "Frequency",
    "Import",
    "ImportKind",
    "ImportSource",
    "ImportStatus",
    "ImprovementDirection",
    "Level",
    "Metric",
    "MetricShare",
    "MetricTrajectory",
    "Observation",
    "RebasePoint",
    "RefreshCadence",
    "Sensitivity",
    "Series",
    "StratumDimension",
]
