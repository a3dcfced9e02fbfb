from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from qls.accounts.urls import administration_patterns
from qls.measurement.api import urlpatterns as api_urlpatterns

# Error pages in the NHS.UK layout (the 500 page touches no database).
handler403 = "qls.core.views.errors.permission_denied"
handler404 = "qls.core.views.errors.page_not_found"
handler500 = "qls.core.views.errors.server_error"

admin.site.site_header = "QLS administration"
admin.site.site_title = "QLS administration"

urlpatterns = [
    path("accounts/", include("qls.accounts.urls")),
    path("administration/", include(administration_patterns)),
    path("organisation/", include("qls.organisation.urls")),
    path("data/", include("qls.measurement.urls")),
    path("projects/", include("qls.projects.urls")),
    path("learning/", include("qls.capability.urls")),
    path("wards/", include("qls.wards.urls")),
    path("community/", include("qls.community.urls")),
    path("reports/", include("qls.reports.urls")),
    path("system/", include("qls.system.urls")),
    path("django-admin/", admin.site.urls),
    # The quality data API (django-ninja; OpenAPI document and docs at /api/docs).
    path("api/", include((api_urlpatterns(), "api"), namespace="api")),
]
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
# Last: core owns the home page and the site-wide pages.
urlpatterns.append(path("", include("qls.core.urls")))
