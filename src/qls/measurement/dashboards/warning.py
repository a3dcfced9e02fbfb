"""One early warning: a series, or a gap between groups of patients, needing attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from qls.measurement.charts import series as series_charts
from qls.measurement.charts.series import icon_html, icon_label
from qls.measurement.models import Metric, Series


@dataclass
class EarlyWarning:
    """One line of the early warnings: a series, or a gap between groups of patients,
    whose latest points show special cause concern."""

    latest: bool  # the latest point itself is a concern
    recent: int  # concern points among the latest three
    since: str | None  # ISO date the unbroken run of concern points began
    rules: str
    series: Series | None = None
    kind: str = "series"  # or "gap"
    metric: Metric | None = None
    where: str = ""
    level: str = ""
    latest_period: dt.date | None = None
    latest_value: float | None = None
    unit: str = ""
    title: str = ""
    rule_names: list[str] = field(default_factory=list)
    link: str = ""
    variation_icon: str = ""
    # A gap's (metric id, level, site id): whose strata it compares.
    unit_key: tuple[int, str, int | None] | None = None

    def __post_init__(self) -> None:
        s = self.series
        if s is not None:
            self.metric = self.metric or s.metric
            self.where = self.where or s.org_unit_name
            self.level = self.level or s.level
            self.latest_period = self.latest_period or s.latest_period
            self.latest_value = s.latest_value if self.latest_value is None else self.latest_value
            self.unit = self.unit or s.metric.unit
            self.title = self.title or s.metric.name
            self.variation_icon = self.variation_icon or s.variation_icon

    @property
    def url(self) -> str:
        if self.link:
            return self.link
        assert self.series is not None
        return series_charts.org_unit_url(self.series)

    @property
    def icon(self) -> str:
        return icon_html(self.variation_icon, 32)

    @property
    def icon_label(self) -> str:
        return icon_label(self.variation_icon)

    @property
    def signal_date(self) -> dt.date | None:
        """When the signal began: the start of the run of concern points, else the
        latest period (a concern among the latest three points is that recent)."""
        if self.since:
            return dt.date.fromisoformat(self.since)
        return self.latest_period

    @property
    def domain_slug(self) -> str:
        domain = self.metric.domain if self.metric else None
        return domain.slug if domain else ""
