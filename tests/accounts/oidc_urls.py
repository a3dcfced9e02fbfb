"""The project's URLs as they are when single sign-on is switched on.

qls.urls adds the OIDC routes at import when OIDC_ENABLED; rather than
re-import it under other settings, tests that need the routes use this."""

from __future__ import annotations

from django.urls import include, path

from qls.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *project_urlpatterns]
