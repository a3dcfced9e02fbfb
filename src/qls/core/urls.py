from django.urls import path

from qls.core.views import administration, pages

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("health/", pages.health, name="health"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("administration/", administration.index, name="administration"),
    # Areas whose apps have not shipped yet; their own apps replace these.
    path("<slug:area>/", pages.coming_soon, name="coming_soon"),
]
