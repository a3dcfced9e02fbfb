"""The quality data API (django-ninja): read metrics, series, observations and
SPC results; push aggregated observations.

Programs authenticate with ``Authorization: Bearer <token>`` (tokens are
made on /data/api-tokens/); a signed-in browser session works too, so the
documentation page can try requests. Reading needs the permission to view
metrics; pushing needs the import permission and goes through the same
importer, checks and all-or-nothing rule as a file upload.

Lists come in pages of up to 10,000 rows (1,000 unless ``limit`` says
otherwise), as JSON or as CSV with ``format=csv``; follow the ``next`` link
(also in the ``Link`` header) until it is null. Each token may make a
limited number of requests a minute; past it the answer is 429 with
``Retry-After``.
"""

# No "from __future__ import annotations": django-ninja reads the annotations at run time.
import datetime as dt
import itertools
from typing import Any

from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import Status

from qls.measurement.api_auth import (
    RateLimited,
    SessionAuth,
    TokenAuth,
    docs_access,
    rate_limited_response,
    unauthorised_response,
)
from qls.measurement.api_csv import csv_response, json_response, neutralise, page_response
from qls.measurement.api_paging import (
    MAX_ID,
    decode_cursor,
    next_url,
    refuse_offset,
    split_page,
)
from qls.measurement.api_schemas import (
    ErrorOut,
    FlatObservationOut,
    FlatObservationPage,
    FormatParam,
    MetricOut,
    MetricPage,
    ObservationPage,
    ObservationQuery,
    PageParams,
    PushIn,
    PushOut,
    RateLimitedOut,
    SeriesOut,
    SeriesPage,
    SeriesQuery,
    SpcOut,
)
from qls.measurement.importing import FileProblem, push_rows
from qls.measurement.models import ImportStatus, Metric, Observation, Series
from qls.measurement.permissions import RUN_IMPORTS, VIEW_DATA
from qls.measurement.sharing import visible_series
from qls.organisation.models import Site, Ward

api = NinjaAPI(
    title="QLS quality data API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_decorator=docs_access,
    # Swagger UI would otherwise show a badge image fetched from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)


# ------------------------------------------------------------------ errors


@api.exception_handler(AuthenticationError)
def _on_unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return unauthorised_response()


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        # django-ninja's answer to a body that is not JSON: bad input like any other.
        exc = HttpError(422, "body: not valid JSON")
        message = str(exc)
    field, sep, rest = message.partition(": ")
    errors = [{"field": field, "message": rest}] if sep and " " not in field else []
    return json_response({"detail": message, "errors": errors}, status=exc.status_code)


@api.exception_handler(Http404)
def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return json_response({"detail": str(exc) or "Not found.", "errors": []}, status=404)


# The names django-ninja gives the parameters themselves, not fields of them.
_PARAM_NAMES = {"query", "path", "body", "payload", "filters", "page", "params"}


@api.exception_handler(ValidationError)
def _on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if str(part) not in _PARAM_NAMES]
        errors.append({"field": ".".join(loc) or "body", "message": error.get("msg", "invalid")})
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "Invalid request."
    return json_response({"detail": detail, "errors": errors}, status=422)


@api.exception_handler(RateLimited)
def _on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return rate_limited_response(exc)


_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
_CSV = {"text/csv": {"schema": {"type": "string"}}}


def _responses(ok: Any, *, code: int = 200) -> dict:
    return {code: ok, **_ERRORS, 429: RateLimitedOut}


def _csv_extra() -> dict:
    """The 200 answer's CSV form, beside the JSON one django-ninja writes."""
    # An int key, as django-ninja writes its own: a "200" string would be a second key.
    return {"responses": {200: {"content": _CSV}}}


def _require(request: HttpRequest, perm: str) -> None:
    if not request.auth.has_perm(perm):
        raise HttpError(403, "You do not have permission for this.")


def _id(value: int, what: str) -> int:
    if not 1 <= value <= MAX_ID:
        raise Http404(f"No {what} with id {value}.")
    return value


# ---------------------------------------------------------------- metrics


def _metrics():
    return Metric.objects.select_related("domain", "aim", "dataset").prefetch_related(
        "rebase_points", "trajectory"
    )


def _schema_page(request, schema, objects, params: PageParams, key) -> HttpResponse:
    page, more = split_page(objects, params.limit)
    rows = [schema.from_orm(obj).model_dump() for obj in page]
    headers = list(schema.model_fields)
    link = next_url(request, key(page[-1]) if more else None)
    return page_response(params.format, headers, [[r[h] for h in headers] for r in rows], link)


@api.get(
    "/metrics",
    response=_responses(MetricPage),
    tags=["metrics"],
    openapi_extra=_csv_extra(),
)
def list_metrics(request: HttpRequest, params: Query[PageParams]):
    """Every metric's definition, by code."""
    _require(request, VIEW_DATA)
    refuse_offset(request)
    qs = _metrics().order_by("code")
    if params.cursor:
        (code,) = decode_cursor(params.cursor, (str,))
        qs = qs.filter(code__gt=code)
    return _schema_page(request, MetricOut, list(qs[: params.limit + 1]), params, _code_key)


def _code_key(metric: Metric) -> tuple:
    return (metric.code,)


@api.get("/metrics/{code}", response=_responses(MetricOut), tags=["metrics"])
def get_metric(request: HttpRequest, code: str):
    _require(request, VIEW_DATA)
    metric = None if "\x00" in code else _metrics().filter(code=code).first()
    if metric is None:
        raise Http404(f"No metric with code {code!r}.")
    return metric


# ----------------------------------------------------------------- series


def _series(request: HttpRequest, filters: SeriesQuery):
    """Series the caller may see matching the filters; an unknown metric, site or
    ward code is a 404."""
    qs = visible_series(request.auth)
    for field, model, label in (
        ("metric", Metric, "metric"),
        ("site", Site, "site"),
        ("ward", Ward, "ward"),
    ):
        code = getattr(filters, field)
        if code:
            pk = model.objects.filter(code=code).values_list("pk", flat=True).first()
            if pk is None:
                raise Http404(f"No {label} with code {code!r}.")
            qs = qs.filter(**{f"{field}_id": pk})
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.stratum_dimension is not None:
        qs = qs.filter(stratum_dimension=filters.stratum_dimension)
    return qs


def _pk_key(obj: Any) -> tuple:
    return (obj.pk,)


@api.get(
    "/series",
    response=_responses(SeriesPage),
    tags=["series"],
    openapi_extra=_csv_extra(),
)
def list_series(request: HttpRequest, filters: Query[SeriesQuery]):
    """Series (a metric at one org unit and stratum) with their latest SPC icons, by id."""
    _require(request, VIEW_DATA)
    refuse_offset(request)
    qs = _series(request, filters).select_related("metric", "site", "ward").order_by("pk")
    if filters.cursor:
        (last,) = decode_cursor(filters.cursor, (int,))
        qs = qs.filter(pk__gt=last)
    return _schema_page(request, SeriesOut, list(qs[: filters.limit + 1]), filters, _pk_key)


def _one_series(request: HttpRequest, series_id: int) -> Series:
    """The series, if the caller may see it: one of another organisation's that
    is not shared is not found, as a missing one is."""
    series = (
        visible_series(request.auth)
        .select_related("metric", "site", "ward")
        .filter(pk=_id(series_id, "series"))
        .first()
    )
    if series is None:
        raise Http404(f"No series with id {series_id}.")
    return series


@api.get("/series/{series_id}", response=_responses(SeriesOut), tags=["series"])
def get_series(request: HttpRequest, series_id: int):
    _require(request, VIEW_DATA)
    return _one_series(request, series_id)


@api.get(
    "/series/{series_id}/spc",
    response=_responses(SpcOut),
    tags=["SPC"],
    openapi_extra=_csv_extra(),
)
def get_spc(request: HttpRequest, series_id: int, params: Query[FormatParam]):
    """The cached SPC result: icons, summary (limits, signals) and the points.

    With ``format=csv``, the points alone: one row per period, a column per
    line of the chart (value, mean, limits, signals, target)."""
    _require(request, VIEW_DATA)
    series = _one_series(request, series_id)
    if params.format == "csv":
        points = series.spc_points or {}
        headers = list(points)
        rows = itertools.zip_longest(*(points[h] for h in headers))
        return csv_response(headers, rows, None)
    return series


# ------------------------------------------------------------ observations

_OBSERVATION_FIELDS = ("period", "value", "numerator", "denominator")
# The period as the database's ISO text: a date object per row, parsed and then
# written out again, was a fifth of the time of a 100,000-row read.
_AS_TEXT = {"period_text": Cast("period", CharField())}
_OBSERVATION_VALUES = ("period_text", "value", "numerator", "denominator")


@api.get(
    "/series/{series_id}/observations",
    response=_responses(ObservationPage),
    tags=["observations"],
    openapi_extra=_csv_extra(),
)
def series_observations(request: HttpRequest, series_id: int, params: Query[PageParams]):
    """One series' observations, by period."""
    _require(request, VIEW_DATA)
    refuse_offset(request)
    series = _one_series(request, series_id)
    qs = series.observations.order_by("period")
    if params.cursor:
        (last,) = decode_cursor(params.cursor, (dt.date,))
        qs = qs.filter(period__gt=last)
    rows, more = split_page(
        list(qs.annotate(**_AS_TEXT).values_list(*_OBSERVATION_VALUES)[: params.limit + 1]),
        params.limit,
    )
    link = next_url(request, (rows[-1][0],) if more else None)
    return page_response(params.format, _OBSERVATION_FIELDS, rows, link)


FLAT_FIELDS = tuple(FlatObservationOut.model_fields)
_SERIES_FIELDS = ("metric__code", "level", "site__code", "ward__code")
_SERIES_FIELDS += ("stratum_dimension", "stratum_value")


@api.get(
    "/observations",
    response=_responses(FlatObservationPage),
    tags=["observations"],
    openapi_extra=_csv_extra(),
)
def list_observations(request: HttpRequest, filters: Query[ObservationQuery]):
    """Observations as one flat table, for Power BI or a warehouse, by series then period."""
    _require(request, VIEW_DATA)
    refuse_offset(request)
    series = _series(request, filters)
    last_series, last_period = 0, None
    if filters.cursor:
        last_series, last_period = decode_cursor(filters.cursor, (int, dt.date))
        # Only the series from the key on: the database then seeks into the
        # (series, period) unique index once per remaining series.
        series = series.filter(pk__gte=last_series)
    qs = Observation.objects.filter(series__in=series.values("pk"))
    if filters.period_from:
        qs = qs.filter(period__gte=filters.period_from)
    if filters.period_to:
        qs = qs.filter(period__lte=filters.period_to)
    if last_period is not None:
        # (series, period) > (last_series, last_period), without row values.
        qs = qs.exclude(series_id=last_series, period__lte=last_period)
    fetched = (
        qs.order_by("series_id", "period")
        .annotate(**_AS_TEXT)
        .values_list("series_id", *_OBSERVATION_VALUES)[: filters.limit + 1]
    )
    rows, more = split_page(list(fetched), filters.limit)
    about = {
        pk: (pk, *rest)
        for pk, *rest in Series.objects.filter(pk__in={r[0] for r in rows}).values_list(
            "pk", *_SERIES_FIELDS
        )
    }
    link = next_url(request, (rows[-1][0], rows[-1][1]) if more else None)
    if filters.format == "csv":
        # Only the series' text can hold a formula; periods are ISO dates, the rest numbers.
        safe = {pk: tuple(neutralise(v) for v in cols) for pk, cols in about.items()}
        table = [safe[r[0]] + r[1:] for r in rows]
        return csv_response(FLAT_FIELDS, table, link, neutralised=True)
    # One dict per row from a per-series prefix: the fastest way found to build
    # the items (a third of the time of zipping each row with the field names).
    head = {pk: dict(zip(FLAT_FIELDS, cols, strict=False)) for pk, cols in about.items()}
    items = [
        {**head[sid], "period": p, "value": v, "numerator": n, "denominator": d}
        for sid, p, v, n, d in rows
    ]
    return json_response({"items": items, "next": link}, link)


@api.post(
    "/observations",
    response={**_responses(PushOut, code=201), 400: PushOut},
    tags=["observations"],
)
def push_observations(request: HttpRequest, payload: PushIn):
    """Save aggregated observations. All or nothing: any rejected row means none are saved
    (400, each rejected row with its line and reason)."""
    _require(request, RUN_IMPORTS)
    try:
        imp = push_rows(payload.observations, by=request.auth)
    except FileProblem as problem:
        raise HttpError(422, f"observations: {problem.message}") from problem
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
    """The API's URL patterns, exempt from the site's sign-in redirect: the
    API answers 401 itself, and the schema and docs pages check their own access."""
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns
