"""Data set catalogue: search, detail, and the analysts' form with fields."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.measurement.models import Dataset, DatasetField
from tests.factories.measurement import DatasetFactory, DatasetFieldFactory, MetricFactory
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(personas):
    falls = DatasetFactory(name="Incident reports", slug="incidents", description="Datix incidents")
    DatasetFieldFactory(dataset=falls, name="harm_level", definition="Degree of harm")
    beds = DatasetFactory(
        name="Bed state", slug="bed-state", description="Midnight bed census", source_system="PAS"
    )
    DatasetFieldFactory(dataset=beds, name="ethnic_category", definition="NHS ethnic category")
    MetricFactory(code="falls", name="Inpatient falls", dataset=falls)
    return falls, beds


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("incident", ["Incident reports"]),
        ("census", ["Bed state"]),
        ("harm", ["Incident reports"]),
        ("ethnic category", ["Bed state"]),
        ("datix", ["Incident reports"]),
        ("nothing-like-this", []),
        ("", ["Bed state", "Incident reports"]),
    ],
)
def test_search_matches_name_description_and_fields(client, personas, catalogue, query, found):
    client.force_login(personas["staff"])
    response = client.get(reverse("measurement:datasets"), {"q": query})
    assert [d.name for d in response.context["page"].object_list] == found


def test_detail_lists_fields_and_metrics_without_edit_links_for_staff(client, personas, catalogue):
    client.force_login(personas["staff"])
    response = client.get(reverse("measurement:dataset", args=["incidents"]))
    content = response.content.decode()
    assert "harm_level" in content
    assert "Inpatient falls" in content
    assert "Change this data set" not in content


def test_analyst_adds_a_data_set_with_fields_and_an_owner(client, personas, catalogue):
    owner = StaffMemberFactory(staff_number="12345678")
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("measurement:dataset_create"),
        {
            "name": "Sepsis audit",
            "slug": "",
            "description": "Monthly ED sepsis audit",
            "owner_number": "12345678",
            "source_system": "Audit tool",
            "refresh_cadence": "monthly",
            "sensitivity": "internal",
            "fields-TOTAL_FORMS": "2",
            "fields-INITIAL_FORMS": "0",
            "fields-0-name": "arrived",
            "fields-0-data_type": "date",
            "fields-0-definition": "Arrival date",
            "fields-1-name": "",
            "fields-1-data_type": "text",
            "fields-1-definition": "",
        },
    )
    dataset = Dataset.objects.get(slug="sepsis-audit")
    assert response.status_code == 302
    assert dataset.owner == owner
    assert list(dataset.fields.values_list("name", flat=True)) == ["arrived"]
    assert dataset.history.count() == 1


def test_data_set_form_refuses_unknown_owner_and_patient_identifiers(client, personas, catalogue):
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("measurement:dataset_edit", args=["incidents"]),
        {
            "name": "Incident reports",
            "slug": "incidents",
            "description": "Example patient 943 476 5919",
            "owner_number": "999",
            "source_system": "Datix",
            "refresh_cadence": "monthly",
            "sensitivity": "internal",
            "fields-TOTAL_FORMS": "0",
            "fields-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "No one in the staff directory has staff number 999" in errors["owner_number"][0]
    assert "description" in errors
    assert Dataset.objects.get(slug="incidents").description == "Datix incidents"


def test_removing_a_field(client, personas, catalogue):
    falls, _beds = catalogue
    field = falls.fields.get()
    client.force_login(personas["analyst"])
    client.post(
        reverse("measurement:dataset_edit", args=["incidents"]),
        {
            "name": "Incident reports",
            "slug": "incidents",
            "description": "Datix incidents",
            "owner_number": "",
            "source_system": "Datix",
            "refresh_cadence": "monthly",
            "sensitivity": "internal",
            "fields-TOTAL_FORMS": "1",
            "fields-INITIAL_FORMS": "1",
            "fields-0-id": str(field.pk),
            "fields-0-dataset": str(falls.pk),
            "fields-0-name": "harm_level",
            "fields-0-data_type": "text",
            "fields-0-definition": "Degree of harm",
            "fields-0-DELETE": "on",
        },
    )
    assert not DatasetField.objects.filter(pk=field.pk).exists()
