"""Metric definitions as QLS exports them, read without Django.

The file is what ``GET /api/metrics?format=json`` returns (a page with an
``items`` list), a plain list of those metric objects, or ``{"metrics":
[...]}``. Each metric that can aggregate record-level rows carries a
``record`` object: date column, org unit column, filter, numerator,
denominator and strata (stratum dimension -> column), the same fields the
metric's page edits in QLS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FREQUENCIES = ("day", "week", "month", "quarter")


class DefinitionError(ValueError):
    """A definitions file or one metric in it cannot be used."""


@dataclass(frozen=True)
class RecordDefinition:
    """How rows of an extract become one value per period, org unit and stratum."""

    code: str
    frequency: str
    chart_type: str
    multiplier: float
    date_column: str
    org_unit_column: str
    filter: str = ""
    numerator: str = "1"
    denominator: str = ""
    strata: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_metric(item: dict[str, Any]) -> RecordDefinition | None:
    """One metric object; None when it has no record-level definition."""
    code = _text(item.get("code"))
    if not code:
        raise DefinitionError("a metric without a code")
    record = item.get("record") or {}
    if not (_text(record.get("date_column")) and _text(record.get("org_unit_column"))):
        return None
    frequency = _text(item.get("frequency") or "month").lower()
    if frequency not in FREQUENCIES:
        raise DefinitionError(f"metric {code!r}: unknown frequency {frequency!r}")
    chart = _text(item.get("chart_type") or "xmr").lower()
    denominator = _text(record.get("denominator"))
    if chart in ("p", "u") and not denominator:
        raise DefinitionError(f"metric {code!r}: a {chart} chart needs a denominator expression")
    try:
        multiplier = float(item.get("multiplier") or 1)
    except (TypeError, ValueError):
        raise DefinitionError(f"metric {code!r}: multiplier is not a number") from None
    if not multiplier > 0:
        raise DefinitionError(f"metric {code!r}: multiplier must be above 0")
    declared = set(item.get("strata") or [])
    strata = {
        str(dim): _text(col)
        for dim, col in (record.get("strata") or {}).items()
        if _text(col) and (not declared or dim in declared)
    }
    return RecordDefinition(
        code=code,
        frequency=frequency,
        chart_type=chart,
        multiplier=multiplier,
        date_column=_text(record["date_column"]),
        org_unit_column=_text(record["org_unit_column"]),
        filter=_text(record.get("filter")),
        numerator=_text(record.get("numerator")) or "1",
        denominator=denominator,
        strata=strata,
    )


def load(path: str | Path, codes: list[str] | None = None) -> list[RecordDefinition]:
    """The record-level definitions in a file, only ``codes`` if given (in that order)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DefinitionError(f"{path}: cannot be read as JSON ({exc})") from None
    items = data.get("items", data.get("metrics")) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise DefinitionError(f"{path}: expected a list of metrics (or an 'items' list)")
    found = {}
    for item in items:
        if not isinstance(item, dict):
            raise DefinitionError(f"{path}: every metric must be an object")
        definition = parse_metric(item)
        if definition is not None:
            found[definition.code] = definition
    if codes:
        missing = [c for c in codes if c not in found]
        if missing:
            raise DefinitionError(
                f"{path}: no record-level definition for {', '.join(map(repr, missing))}"
            )
        return [found[c] for c in codes]
    if not found:
        raise DefinitionError(f"{path}: no metric has a record-level definition")
    return list(found.values())
