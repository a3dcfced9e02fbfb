from django.urls import path

from qls.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    path("sites/<str:code>/", views.site, name="site"),
    path("wards/<str:code>/", views.ward, name="ward"),
    path("wards/<str:code>/manager/", views.ward_manager, name="ward_manager"),
    path("organisations/<str:code>/", views.organisation, name="organisation"),
    path("staff/", views.staff_directory, name="staff"),
    path("staff/suggestions/", views.staff_suggestions, name="staff_suggestions"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/import/<id:pk>/", views.staff_import_run, name="staff_import_run"),
    path("aims/", views.aims, name="aims"),
    path("aims/<id:number>/edit/", views.aim_edit, name="aim_edit"),
    path("quality-domains/", views.domains, name="domains"),
]
