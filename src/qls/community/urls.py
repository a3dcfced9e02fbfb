from django.urls import include, path

from qls.community import views
from qls.community.celebrations import urls as celebrations
from qls.community.elearning import urls as elearning
from qls.community.forum import urls as forum
from qls.community.glossary import urls as glossary
from qls.community.resources import urls as resources

app_name = "community"

urlpatterns = [
    path("", views.home, name="index"),
    path("forum/", include(forum.urlpatterns)),
    path("resources/", include(resources.urlpatterns)),
    path("e-learning/", include(elearning.urlpatterns)),
    path("glossary/", include(glossary.urlpatterns)),
    path("celebrations/", include(celebrations.urlpatterns)),
]
