from django.urls import path

from qls.measurement import views
from qls.measurement.views import catalogue, imports, metrics, tokens

app_name = "measurement"

urlpatterns = [
    path("", views.index, name="index"),
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
    path(
        "metrics/<slug:code>/rebase/<int:pk>/delete/",
        metrics.rebase_delete,
        name="rebase_delete",
    ),
    # Imports
    path("imports/", imports.import_list, name="imports"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    # API tokens
    path("api-tokens/", tokens.token_list, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", tokens.token_revoke, name="api_token_revoke"),
]
