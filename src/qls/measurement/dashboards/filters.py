"""The filters of the early warnings page: quality domain, rule and date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qls.measurement.dashboards.warning import EarlyWarning
from qls.spc import RULE_LABELS

RULE_CHOICES = [
    *((name, words[0].upper() + words[1:]) for name, words in RULE_LABELS.items()),
    ("earlier", "Earlier concern point among the latest three"),
]


@dataclass
class WarningFilters:
    """What the early warnings page was asked to show (empty: everything)."""

    domain: str = ""  # quality domain slug
    rule: str = ""  # a rule name, or "earlier"
    since: dt.date | None = None  # signals that began on or after this date

    def keep(self, w: EarlyWarning) -> bool:
        equity_gap = self.domain == EQUITABLE and w.kind == "gap"
        if self.domain and self.domain != w.domain_slug and not equity_gap:
            return False
        if self.rule == "earlier" and w.latest:
            return False
        if self.rule and self.rule != "earlier" and self.rule not in w.rule_names:
            return False
        return not (self.since and (w.signal_date is None or w.signal_date < self.since))


EQUITABLE = "equitable"  # a widening gap is an equity matter, whatever its metric's domain


def filter_warnings(warnings: list[EarlyWarning], filters: WarningFilters) -> list[EarlyWarning]:
    """The warnings that pass every filter (they combine)."""
    return [w for w in warnings if filters.keep(w)]
