from django.urls import path

from qls.capability import views

app_name = "capability"

urlpatterns = [
    path("", views.index, name="index"),
]
