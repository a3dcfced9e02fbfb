from django.urls import path

from qls.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.index, name="index"),
]
