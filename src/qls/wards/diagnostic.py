"""A ward's diagnostic pack: key measures as SPC charts, early warnings, staff survey results,
and accreditation standards the ward failed in two audits in a row.

The charts come from the Quality Learning System's SPC cache (measurement
``Series`` of the ward flagged as key metrics), drawn the same way as on
the data pages. Staff survey scores sit next to the site's and the trust's
averages over the programme wards that took the same survey.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Q

from qls.core.charts import Chart
from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards.early_warnings import early_warnings
from qls.measurement.dashboards.scope import Scope
from qls.measurement.dashboards.warning import EarlyWarning
from qls.measurement.models import Level, Series
from qls.organisation.models import Ward
from qls.wards.charts import survey_chart
from qls.wards.models import StaffSurveyResult
from qls.wards.standards import repeated_failures

MAX_CHARTS = 8


@dataclass
class SurveyRow:
    theme: str
    ward: float
    site: float | None
    trust: float | None
    respondents: int | None

    @property
    def against_site(self) -> float | None:
        return round(self.ward - self.site, 1) if self.site is not None else None


@dataclass
class Pack:
    ward: Ward
    series: list[Series]
    charts: list[Chart]
    warnings: list[EarlyWarning]
    survey: str = ""
    survey_rows: list[SurveyRow] = field(default_factory=list)
    survey_chart: Chart | None = None
    # Accreditation standards failed in both of the ward's latest two audits.
    repeated_failures: list[Any] = field(default_factory=list)


def key_series(ward: Ward, seen: Q | None = None) -> list[Series]:
    """The ward's own key-metric series with SPC results (others if none is marked key),
    of those the viewer may see (``seen``, from ``qls.measurement.sharing.visibility``)."""
    own = Series.objects.filter(
        seen or Q(), level=Level.WARD, ward=ward, stratum_dimension="", metric__active=True
    ).select_related("metric", "ward", "site")
    with_results = own.exclude(spc_points__isnull=True)
    key = list(with_results.filter(metric__is_key=True).order_by("metric__name")[:MAX_CHARTS])
    return key or list(with_results.order_by("metric__name")[:MAX_CHARTS])


def survey_comparison(ward: Ward) -> tuple[str, list[SurveyRow]]:
    """The ward's latest survey, theme by theme, with site and trust averages."""
    latest = StaffSurveyResult.objects.filter(ward=ward).order_by("-period", "-survey").first()
    if latest is None:
        return "", []
    mine = StaffSurveyResult.objects.filter(ward=ward, survey=latest.survey).order_by("theme")
    same = StaffSurveyResult.objects.filter(survey=latest.survey)
    site_avg = dict(
        same.filter(ward__site=ward.site_id)
        .values("theme")
        .annotate(a=Avg("score"))
        .values_list("theme", "a")
    )
    trust_avg = dict(same.values("theme").annotate(a=Avg("score")).values_list("theme", "a"))
    rows = [
        SurveyRow(
            theme=r.theme,
            ward=r.score,
            site=round(site_avg[r.theme], 1) if r.theme in site_avg else None,
            trust=round(trust_avg[r.theme], 1) if r.theme in trust_avg else None,
            respondents=r.respondents,
        )
        for r in mine
    ]
    return latest.survey, rows


def build(ward: Ward, *, seen: Q | None = None, for_pdf: bool = False) -> Pack:
    """The ward's diagnostic pack, built only from the series the viewer may see."""
    seen = seen or Q()
    series = key_series(ward, seen)
    charts = [series_charts.chart(s, chart_id=f"diag-{s.pk}", last=24, height=220) for s in series]
    scope = Scope(Level.WARD, site=ward.site, ward=ward, seen=seen)
    pack = Pack(ward=ward, series=series, charts=charts, warnings=early_warnings(scope))
    pack.survey, pack.survey_rows = survey_comparison(ward)
    pack.repeated_failures = repeated_failures(ward)
    if pack.survey_rows:
        pack.survey_chart = survey_chart(ward, pack.survey, pack.survey_rows)
    return pack


def pdf_charts(pack: Pack) -> list[tuple[Chart, str]]:
    """Each chart with its SVG drawing as a data URI, for the printable pack.

    An ``<img>`` of the SVG rather than inline SVG: WeasyPrint lays out an
    image about twice as fast as the same SVG inline, and it stays vector.
    """
    import base64

    from django.core.cache import cache

    from qls.spc.charts import spec_to_svg

    stamps = {
        chart.id: f"wards:pdf-svg:v1:{s.pk}:{s.spc_computed_at.timestamp()}"
        for s, chart in zip(pack.series, pack.charts, strict=True)
        if s.spc_computed_at
    }
    out = []
    for chart in [*pack.charts, *([pack.survey_chart] if pack.survey_chart else [])]:
        key = stamps.get(chart.id)
        # Drawing is the slow part (vl-convert); a series' SVG changes only with its SPC.
        uri = cache.get(key) if key else None
        if uri is None:
            spec = dict(chart.spec)
            spec["width"] = 640
            svg = base64.b64encode(spec_to_svg(spec).encode()).decode()
            uri = f"data:image/svg+xml;base64,{svg}"
            if key:
                cache.set(key, uri, timeout=24 * 3600)
        out.append((chart, uri))
    return out


def render_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
