from django.urls import path

from qls.measurement.views import (
    catalogue,
    imports,
    inequalities,
    metrics,
    rebases,
    tokens,
)
from qls.measurement.views.dashboards import early_warnings, series, series_data, summary, units

app_name = "measurement"

urlpatterns = [
    # Dashboards (trust -> site -> ward), early warnings, the metric at one unit
    path("", units.trust, name="index"),
    path("sites/<str:code>/", units.site, name="site_dashboard"),
    path("wards/<str:code>/", units.ward, name="ward_dashboard"),
    path("early-warnings/", early_warnings.early_warning_list, name="early_warnings"),
    path("summary/", summary.series_list, name="series_list"),
    path("metrics/<slug:code>/trust/", series.series_trust, name="series_trust"),
    path("metrics/<slug:code>/site/<str:unit>/", series.series_site, name="series_site"),
    path("metrics/<slug:code>/ward/<str:unit>/", series.series_ward, name="series_ward"),
    path(
        "metrics/<slug:code>/site/<str:unit>/wards/",
        series.compare_wards,
        name="compare_wards",
    ),
    path("inequalities/", inequalities.inequality_index, name="inequality_index"),
    path(
        "metrics/<slug:code>/inequalities/",
        inequalities.inequalities,
        name="inequalities",
    ),
    path(
        "metrics/<slug:code>/inequalities/<str:chart>/<str:fmt>/",
        inequalities.inequality_download,
        name="inequality_download",
    ),
    path(
        "series/<id:pk>/download/<str:fmt>/",
        series_data.series_download,
        name="series_download",
    ),
    path("series/<id:pk>/chart/", series_data.series_chart, name="series_chart"),
    path("series/<id:pk>/table/", series_data.series_table, name="series_table"),
    # Data set catalogue
    path("datasets/", catalogue.dataset_list, name="datasets"),
    path("datasets/new/", catalogue.dataset_create, name="dataset_create"),
    path("datasets/<slug:slug>/", catalogue.dataset_detail, name="dataset"),
    path("datasets/<slug:slug>/edit/", catalogue.dataset_edit, name="dataset_edit"),
    # Metric definitions
    path("metrics/", metrics.metric_list, name="metrics"),
    path("metrics/new/", metrics.metric_create, name="metric_create"),
    path("metrics/<slug:code>/", metrics.metric_detail, name="metric"),
    path("metrics/<slug:code>/edit/", metrics.metric_edit, name="metric_edit"),
    path("metrics/<slug:code>/rebase/", metrics.rebase_add, name="rebase_add"),
    path("metrics/<slug:code>/trajectory/", metrics.trajectory_add, name="trajectory_add"),
    path(
        "metrics/<slug:code>/trajectory/<id:pk>/delete/",
        metrics.trajectory_delete,
        name="trajectory_delete",
    ),
    path(
        "metrics/<slug:code>/rebase/<id:pk>/delete/",
        rebases.rebase_remove,
        name="rebase_delete",
    ),
    path(
        "metrics/<slug:code>/rebase/<id:pk>/decide/",
        rebases.rebase_decide,
        name="rebase_decide",
    ),
    # Imports
    path("imports/", imports.import_list, name="imports"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/<id:pk>/", imports.import_detail, name="import"),
    # API tokens
    path("api-tokens/", tokens.token_list, name="api_tokens"),
    path("api-tokens/<id:pk>/revoke/", tokens.token_revoke, name="api_token_revoke"),
]
