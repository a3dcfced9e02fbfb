"""What the quality data API reads and answers, as django-ninja schemas.

They document the API (the OpenAPI schema is built from them) and shape the
single-object answers; list pages are written straight from database rows
with the same field names (see ``api_csv``).
"""

# No "from __future__ import annotations": django-ninja reads the annotations at run time.
import datetime as dt
import re
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from qls.measurement.api_paging import DEFAULT_LIMIT, MAX_LIMIT
from qls.measurement.models import Metric

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _printable(value: str) -> str:
    # A control character matches no code, and PostgreSQL refuses NUL in a query outright.
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError("contains a control character, which no code or cursor has")
    return value


# The schema says so too (a pattern), so clients and contract tests know the rule.
Text = Annotated[
    str,
    AfterValidator(_printable),
    Field(json_schema_extra={"pattern": "^[^\\x00-\\x1f\\x7f]*$"}),
]


class FieldError(Schema):
    field: str = Field(..., description="The parameter or body field at fault, e.g. 'limit'")
    message: str


class ErrorOut(Schema):
    """Every error answer: a sentence for people, and the fields at fault for programs."""

    detail: str
    errors: list[FieldError] = []


class RateLimitedOut(ErrorOut):
    retry_after: int = Field(..., description="Seconds to wait; also in the Retry-After header")


class RebaseOut(Schema):
    period: dt.date
    reason: str


class TrajectoryOut(Schema):
    period: dt.date
    target: float


class RecordOut(Schema):
    """How record-level rows become values (``qls aggregate`` reads this as exported)."""

    date_column: str
    org_unit_column: str
    filter: str = Field(..., description="SQL condition choosing the rows counted; blank: all")
    numerator: str = Field(..., description="Per-row SQL expression, summed")
    denominator: str = Field(..., description="Per-row SQL expression, summed; blank for a count")
    strata: dict[str, str] = Field(..., description="Stratum dimension -> extract column")


class MetricOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    chart_type: str
    improvement_direction: str
    frequency: str
    multiplier: float
    target: float | None
    domain: str | None = Field(None, alias="domain.slug")
    strategic_aim: int | None = Field(None, alias="aim.number")
    dataset: str | None = Field(None, alias="dataset.slug")
    strata: list[str]
    is_key: bool
    active: bool
    rebase_points: list[RebaseOut]
    trajectory: list[TrajectoryOut]
    record: RecordOut | None = Field(None, description="Record-level definition, if any")

    @staticmethod
    def resolve_rebase_points(obj: Metric) -> list[dict]:
        # Only approved rebases move the limits; proposals wait for the owner.
        return [
            {"period": r.period, "reason": r.reason}
            for r in obj.rebase_points.all()
            if r.status == r.Status.APPROVED
        ]

    @staticmethod
    def resolve_trajectory(obj: Metric) -> list[dict]:
        return [{"period": t.period, "target": t.target} for t in obj.trajectory.all()]

    @staticmethod
    def resolve_record(obj: Metric) -> dict | None:
        if not obj.has_record_definition:
            return None
        return {
            "date_column": obj.record_date_column,
            "org_unit_column": obj.record_org_unit_column,
            "filter": obj.record_filter,
            "numerator": obj.record_numerator or "1",
            "denominator": obj.record_denominator,
            "strata": dict(obj.record_strata or {}),
        }


class SeriesOut(Schema):
    id: int
    metric: str = Field(..., alias="metric.code")
    level: str
    site: str | None = Field(None, alias="site.code")
    ward: str | None = Field(None, alias="ward.code")
    stratum_dimension: str
    stratum_value: str
    latest_period: dt.date | None
    latest_value: float | None
    variation_icon: str
    assurance_icon: str
    spc_computed_at: dt.datetime | None
    is_stale: bool


class SpcOut(SeriesOut):
    summary: Any = Field(None, alias="spc_summary")
    points: Any = Field(None, alias="spc_points")


class ObservationOut(Schema):
    period: dt.date
    value: float
    numerator: float | None
    denominator: float | None


class FlatObservationOut(Schema):
    series: int
    metric: str
    level: str
    site: str | None
    ward: str | None
    stratum_dimension: str
    stratum_value: str
    period: dt.date
    value: float
    numerator: float | None
    denominator: float | None


class _Page(Schema):
    next: str | None = Field(
        ..., description="Absolute URL of the next page (same filters); null on the last page"
    )


class MetricPage(_Page):
    items: list[MetricOut]


class SeriesPage(_Page):
    items: list[SeriesOut]


class ObservationPage(_Page):
    items: list[ObservationOut]


class FlatObservationPage(_Page):
    items: list[FlatObservationOut]


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Rows per page: default {DEFAULT_LIMIT:,}, at most {MAX_LIMIT:,}",
    )
    cursor: Text | None = Field(
        None,
        max_length=200,
        description="Where the page starts; take it from the 'next' link, never build it",
    )
    format: Literal["json", "csv"] = Field(
        "json", description="csv for a table (the next link is then in the Link header)"
    )


class FormatParam(Schema):
    format: Literal["json", "csv"] = "json"


class SeriesFilter(Schema):
    # Codes: a longer one matches nothing, and is refused (422) naming the parameter.
    metric: Text | None = Field(None, max_length=80)
    level: Text | None = Field(None, max_length=10)
    site: Text | None = Field(None, max_length=20)
    ward: Text | None = Field(None, max_length=20)
    stratum_dimension: Text | None = Field(
        None, max_length=20, description="'' for whole-population series"
    )


class SeriesQuery(SeriesFilter, PageParams):
    pass


class ObservationQuery(SeriesQuery):
    period_from: dt.date | None = Field(None, alias="from", description="First period, YYYY-MM-DD")
    period_to: dt.date | None = Field(None, alias="to", description="Last period, YYYY-MM-DD")

    @field_validator("period_from", "period_to", mode="before")
    @classmethod
    def _iso_date_only(cls, value: Any) -> Any:
        # Pydantic would read "0" or "1700000000" as a Unix time: the schema says a date.
        if value is None or isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError("give a date as YYYY-MM-DD, e.g. 2024-01-31")
        return value


class PushIn(Schema):
    observations: list[dict[str, Any]] = Field(
        ...,
        min_length=1,
        description="Rows with metric, org_unit, period, value or numerator and "
        "denominator, and optionally stratum_dimension and stratum_value",
    )


class RejectedRow(Schema):
    line: int | None
    reason: str


class PushOut(Schema):
    import_id: int
    status: str
    rows_in: int
    rows_out: int
    error: str = ""
    rejected_rows: list[RejectedRow] = []
