from django.urls import path

from qls.measurement import views

app_name = "measurement"

urlpatterns = [
    path("", views.index, name="index"),
]
