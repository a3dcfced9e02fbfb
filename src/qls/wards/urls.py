from django.urls import path

from qls.wards import views

app_name = "wards"

urlpatterns = [
    path("", views.index, name="index"),
]
