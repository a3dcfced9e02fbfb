from django.urls import include, path

from qls.core.views import administration, pages, redaction

app_name = "core"

# The administration area has its own namespace (core:administration:...) so
# the header can tell when one of its pages is the current one.
administration_patterns = (
    [
        path("", administration.index, name="index"),
        path("users/", administration.users, name="users"),
        path("users/<id:pk>/roles/", administration.user_roles, name="user_roles"),
        path("audit/", administration.audit_history, name="audit"),
        path(
            "audit/<slug:app_label>/<slug:model>/<str:pk>/",
            administration.audit_record,
            name="audit_record",
        ),
    ],
    "administration",
)

urlpatterns = [
    path("", pages.home, name="home"),
    path("overview/", pages.overview, name="overview"),
    path("health/", pages.health, name="health"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("administration/", include(administration_patterns)),
    path(
        "redact/<slug:app_label>/<slug:model>/<str:pk>/",
        redaction.redact_record,
        name="redact",
    ),
    # Areas whose apps have not shipped yet; their own apps replace these.
    # Keep last: it matches any single path segment.
]
