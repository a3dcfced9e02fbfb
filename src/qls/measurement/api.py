"""The quality data API (django-ninja): read metrics, series, observations and
SPC results; push aggregated observations.

Programs authenticate with ``Authorization: Bearer <token>`` (tokens are
made on /data/api-tokens/); a signed-in browser session works too, so the
documentation page can try requests. Reading needs the permission to view
metrics; pushing needs the import permission and goes through the same
importer, checks and all-or-nothing rule as a file upload.
"""

# No "from __future__ import annotations": django-ninja reads the annotations at run time.
import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Schema, Swagger
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status
from ninja.security import HttpBearer, django_auth

from qls.measurement import tokens
from qls.measurement.importing import FileProblem, push_rows
from qls.measurement.models import ImportStatus, Metric, Observation, Series
from qls.measurement.permissions import RUN_IMPORTS, VIEW_DATA


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="QLS quality data API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_decorator=login_required,
    # Swagger UI would otherwise show a badge image fetched from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)


def _require(request: HttpRequest, perm: str) -> None:
    if not request.auth.has_perm(perm):
        raise HttpError(403, "You do not have permission for this.")


# ------------------------------------------------------------------ schemas


class RebaseOut(Schema):
    period: dt.date
    reason: str


class TrajectoryOut(Schema):
    period: dt.date
    target: float


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

    @staticmethod
    def resolve_rebase_points(obj: Metric) -> list[dict]:
        return [{"period": r.period, "reason": r.reason} for r in obj.rebase_points.all()]

    @staticmethod
    def resolve_trajectory(obj: Metric) -> list[dict]:
        return [{"period": t.period, "target": t.target} for t in obj.trajectory.all()]


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


class FlatObservationOut(ObservationOut):
    series: int = Field(..., alias="series_id")
    metric: str = Field(..., alias="series.metric.code")
    level: str = Field(..., alias="series.level")
    site: str | None = Field(None, alias="series.site.code")
    ward: str | None = Field(None, alias="series.ward.code")
    stratum_dimension: str = Field(..., alias="series.stratum_dimension")
    stratum_value: str = Field(..., alias="series.stratum_value")


class SeriesFilter(Schema):
    metric: str | None = None
    level: str | None = None
    site: str | None = None
    ward: str | None = None
    stratum_dimension: str | None = Field(None, description="'' for whole-population series")


class ObservationFilter(SeriesFilter):
    period_from: dt.date | None = Field(None, alias="from")
    period_to: dt.date | None = Field(None, alias="to")


class PushIn(Schema):
    observations: list[dict[str, Any]] = Field(
        ...,
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


# ---------------------------------------------------------------- endpoints


def _metrics():
    return Metric.objects.select_related("domain", "aim", "dataset").prefetch_related(
        "rebase_points", "trajectory"
    )


@api.get("/metrics", response=list[MetricOut], tags=["metrics"])
def list_metrics(request: HttpRequest):
    _require(request, VIEW_DATA)
    return _metrics().order_by("code")


@api.get("/metrics/{code}", response=MetricOut, tags=["metrics"])
def get_metric(request: HttpRequest, code: str):
    _require(request, VIEW_DATA)
    return get_object_or_404(_metrics(), code=code)


def _series(filters: SeriesFilter):
    qs = Series.objects.select_related("metric", "site", "ward").order_by("pk")
    if filters.metric:
        qs = qs.filter(metric__code=filters.metric)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.site:
        qs = qs.filter(site__code=filters.site)
    if filters.ward:
        qs = qs.filter(ward__code=filters.ward)
    if filters.stratum_dimension is not None:
        qs = qs.filter(stratum_dimension=filters.stratum_dimension)
    return qs


@api.get("/series", response=list[SeriesOut], tags=["series"])
@paginate(LimitOffsetPagination)
def list_series(request: HttpRequest, filters: Query[SeriesFilter]):
    _require(request, VIEW_DATA)
    return _series(filters)


@api.get("/series/{series_id}", response=SeriesOut, tags=["series"])
def get_series(request: HttpRequest, series_id: int):
    _require(request, VIEW_DATA)
    return get_object_or_404(Series.objects.select_related("metric", "site", "ward"), pk=series_id)


@api.get("/series/{series_id}/spc", response=SpcOut, tags=["SPC"])
def get_spc(request: HttpRequest, series_id: int):
    """The cached SPC result: icons, summary (limits, signals) and the points."""
    _require(request, VIEW_DATA)
    return get_object_or_404(Series.objects.select_related("metric", "site", "ward"), pk=series_id)


@api.get("/series/{series_id}/observations", response=list[ObservationOut], tags=["observations"])
def series_observations(request: HttpRequest, series_id: int):
    _require(request, VIEW_DATA)
    series = get_object_or_404(Series, pk=series_id)
    return series.observations.order_by("period")


@api.get("/observations", response=list[FlatObservationOut], tags=["observations"])
@paginate(LimitOffsetPagination)
def list_observations(request: HttpRequest, filters: Query[ObservationFilter]):
    """Observations as one flat table, for Power BI or a warehouse."""
    _require(request, VIEW_DATA)
    qs = Observation.objects.select_related(
        "series__metric", "series__site", "series__ward"
    ).filter(series__in=_series(filters))
    if filters.period_from:
        qs = qs.filter(period__gte=filters.period_from)
    if filters.period_to:
        qs = qs.filter(period__lte=filters.period_to)
    return qs.order_by("series_id", "period")


@api.post(
    "/observations",
    response={201: PushOut, 400: PushOut},
    tags=["observations"],
)
def push_observations(request: HttpRequest, payload: PushIn):
    """Save aggregated observations. All or nothing: any rejected row means none are saved."""
    _require(request, RUN_IMPORTS)
    if not payload.observations:
        raise HttpError(400, "Send at least one observation.")
    try:
        imp = push_rows(payload.observations, by=request.auth)
    except FileProblem as problem:
        raise HttpError(400, problem.message) from problem
    body = {
        "import_id": imp.pk,
        "status": imp.status,
        "rows_in": imp.rows_in,
        "rows_out": imp.rows_out,
        "error": imp.error,
        "rejected_rows": imp.rejected_rows,
    }
    return Status(201 if imp.status == ImportStatus.SUCCEEDED else 400, body)


def urlpatterns() -> list:
    """The API's URL patterns, exempt from the site's sign-in redirect (the API
    answers 401 itself) except the documentation page, which is for people."""
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        if pattern.name != "openapi-view":
            pattern.callback.login_required = False
    return patterns
