from django.urls import path

from qls.core.views import pages, redaction

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("health/", pages.health, name="health"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path(
        "redact/<slug:app_label>/<slug:model>/<str:pk>/",
        redaction.redact_record,
        name="redact",
    ),
    # Areas whose apps have not shipped yet; their own apps replace these.
    # Keep last: it matches any single path segment.
]
