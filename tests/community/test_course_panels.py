"""The community's sections on a course's page: the library's tools, and where to take the
e-learning (the course page offers them through qls.core.panels; capability never imports
the community)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from qls.capability.models import Course
from qls.community.resources import actions, samples
from tests.factories.capability import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def driver_diagram(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return actions.publish_resource(
        title="Driver diagram template",
        description="Lay out your aim, primary and secondary drivers and change ideas.",
        tags="drivers",
        module="generating-ideas",
        upload=ContentFile(samples.pdf("Driver diagram"), name="drivers.pdf"),
        by=personas["improvement"],
    )


def test_a_course_page_lists_the_library_tools(client, personas, driver_diagram):
    course = CourseFactory(name="QSIR Fundamentals")
    client.force_login(personas["staff"])
    page = client.get(reverse("capability:course", args=[course.pk])).content.decode()
    assert "Tools and templates" in page
    assert f'href="{driver_diagram.get_absolute_url()}"' in page
    assert "Take it online" not in page


def test_the_introductory_course_page_leads_to_the_e_learning(client, personas):
    course = CourseFactory(name="Improvement at our trust", kind=Course.Kind.QI_INTRO)
    client.force_login(personas["staff"])
    page = client.get(reverse("capability:course", args=[course.pk])).content.decode()
    assert "Take it online" in page
    assert f'href="{reverse("community:elearning_index")}"' in page
    assert "The resource library has no tools yet." in page
