"""Every free-text field of every QLS model refuses patient identifiers.

The screen is a model-field validator, so ModelForms and ``full_clean()``
apply it wherever a field is edited; entry points that write without a
ModelForm (imports, the API) call ``screen()`` themselves and are tested
beside them. A new text field fails this test until it is screened or listed
below with the reason it is not free text.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from qls.core.screening import validate_file_name, validate_no_patient_identifiers

# (app_label.Model, field): why it is not free text a person types about care.
NOT_FREE_TEXT = {
    ("accounts.User", "password"): "hash",
    ("accounts.User", "username"): "login",
    ("accounts.User", "first_name"): "staff",
    ("accounts.User", "last_name"): "staff",
    ("accounts.User", "email"): "staff",
    ("organisation.Organisation", "code"): "code",
    ("organisation.Site", "code"): "code",
    ("organisation.Specialty", "code"): "code",
    ("organisation.Ward", "code"): "code",
    ("organisation.StaffMember", "staff_number"): "ESR",
    ("organisation.StaffMember", "first_name"): "ESR",
    ("organisation.StaffMember", "last_name"): "ESR",
    ("organisation.StaffMember", "email"): "ESR",
    ("organisation.StaffMember", "job_role"): "ESR",
    ("organisation.QualityDomain", "slug"): "slug",
    ("organisation.DemoBuild", "signature"): "generated",
    ("organisation.DemoBuild", "scale"): "generated",
    ("organisation.StaffImport", "sha256"): "hash",
    ("measurement.Dataset", "slug"): "slug",
    ("measurement.Metric", "code"): "slug",
    ("measurement.Metric", "record_date_column"): "column",
    ("measurement.Metric", "record_org_unit_column"): "column",
    ("measurement.Metric", "record_filter"): "expression",
    ("measurement.Metric", "record_numerator"): "expression",
    ("measurement.Metric", "record_denominator"): "expression",
    ("measurement.Series", "stratum_value"): "code",
    ("measurement.Series", "variation_icon"): "generated",
    ("measurement.Series", "assurance_icon"): "generated",
    ("measurement.Import", "file_path"): "path",
    ("measurement.Import", "sha256"): "hash",
    ("measurement.Import", "message"): "generated",
    ("measurement.Import", "error"): "generated",
    ("measurement.ApiToken", "prefix"): "token",
    ("measurement.ApiToken", "token_hash"): "hash",
    ("projects.Evidence", "rule"): "code",
    ("projects.Evidence", "sentence"): "generated",
    ("projects.SearchDocument", "title"): "copy",
    ("projects.SearchDocument", "summary"): "copy",
    ("projects.SearchDocument", "detail"): "copy",
    ("community.ForumCategory", "slug"): "slug",
    ("community.ForumRevision", "body"): "copy",  # an earlier text of a screened post
    ("capability.Participant", "name"): "staff",
    ("capability.Participant", "email"): "staff",
    ("capability.Participant", "job_role"): "staff",
    ("capability.Enrolment", "certificate_number"): "code",
    ("capability.Competency", "code"): "code",
    ("capability.Clinic", "online_link"): "link",
    ("wards.EngagementEvent", "token"): "token",
    ("wards.SurveyImport", "sha256"): "hash",
    ("organisation.StaffImport", "file_path"): "path",
    ("organisation.StaffImport", "message"): "generated",
    ("organisation.StaffImport", "error"): "generated",
    ("wards.SurveyImport", "file_path"): "path",
    ("wards.SurveyImport", "message"): "generated",
    ("wards.SurveyImport", "error"): "generated",
    ("projects.ProgressScore", "suggestion_reasons"): "generated",
    ("projects.ProgressScore", "confirmed_by_name"): "staff",
    ("reports.Report", "slug"): "slug",
    ("reports.Edition", "approved_by_name"): "staff",
    ("reports.EditionItem", "section_title"): "copy",
    ("reports.EditionItem", "metric_name"): "copy",
    ("reports.EditionItem", "unit"): "copy",
    ("reports.EditionItem", "org_unit_name"): "copy",
    ("reports.EditionItem", "variation_icon"): "generated",
    ("reports.EditionItem", "assurance_icon"): "generated",
    ("reports.EditionFile", "file_path"): "path",
    ("reports.EditionFile", "message"): "generated",
    ("reports.EditionFile", "error"): "generated",
    ("community.Resource", "slug"): "slug",
    ("community.ResourceVersion", "original_name"): "file name, screened by validate_file_name",
    ("community.Term", "slug"): "slug",
}


def _qls_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("qls.")
        and not model._meta.proxy
        # simple-history's copies take their validators from the model they track.
        and not model.__name__.startswith("Historical")
    ]


def _text_fields():
    for model in _qls_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                yield model, field


def test_every_free_text_field_is_screened():
    unscreened = [
        f"{model._meta.label}.{field.name}"
        for model, field in _text_fields()
        if (model._meta.label, field.name) not in NOT_FREE_TEXT
        and validate_no_patient_identifiers not in field.validators
    ]
    assert unscreened == []


def test_every_uploaded_file_name_is_screened():
    unscreened = [
        f"{model._meta.label}.{field.name}"
        for model in _qls_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and validate_file_name not in field.validators
    ]
    assert unscreened == []


def test_allowlist_names_only_fields_that_exist():
    existing = {(model._meta.label, field.name) for model, field in _text_fields()}
    assert set(NOT_FREE_TEXT) - existing == set()


def test_there_are_text_fields_to_check():
    assert len([1 for _ in _text_fields()]) > 100


@pytest.mark.django_db
def test_a_model_refuses_an_identifier_on_full_clean():
    from qls.organisation.models import StrategicAim

    aim = StrategicAim(title="Safe care", description="Like Mr John Smith in bed 4")
    with pytest.raises(ValidationError) as refused:
        aim.full_clean()
    assert "description" in refused.value.message_dict
    assert "patient's name" in refused.value.message_dict["description"][0]


# Entry points that write without a ModelForm screen the text themselves.


@pytest.mark.django_db
def test_survey_import_refuses_a_theme_holding_a_name_and_writes_nothing():
    from qls.wards.errors import SurveyImportError
    from qls.wards.models import StaffSurveyResult, SurveyImport
    from qls.wards.survey_import import import_survey
    from tests.factories.organisation import WardFactory

    ward = WardFactory(code="BAS-W01")
    data = (
        b"ward,survey,period,theme,score\n"
        b"BAS-W01,NHS Staff Survey 2024,2024-11-30,Morale,6.1\n"
        b"BAS-W01,NHS Staff Survey 2024,2024-11-30,Care for Mrs Ada Okoro,6.1\n"
    )
    with pytest.raises(SurveyImportError) as refused:
        import_survey(data, filename="survey.csv")
    problems = dict(refused.value.problems)
    assert list(problems) == [3]
    assert "Remove the patient's name from theme" in problems[3]
    assert not StaffSurveyResult.objects.exists()
    assert not SurveyImport.objects.exists()
    assert ward.pk


@pytest.mark.django_db
def test_survey_import_refuses_a_file_name_with_a_hospital_number():
    from qls.wards.errors import SurveyImportError
    from qls.wards.survey_import import import_survey

    with pytest.raises(SurveyImportError, match="hospital number from the file name"):
        import_survey(b"ward,survey,period,theme,score\n", filename="MRN 4471920 survey.csv")


@pytest.mark.django_db
def test_staff_import_refuses_a_file_name_with_an_nhs_number():
    import io

    from qls.organisation.errors import StaffImportError
    from qls.organisation.models import StaffImport
    from qls.organisation.staff_import.importing import import_staff

    with pytest.raises(StaffImportError, match="NHS number from the file name"):
        import_staff(io.BytesIO(b"staff_number\n"), filename="staff_943_476_5919.csv")
    assert not StaffImport.objects.exists()


@pytest.mark.django_db
def test_evidence_upload_refuses_a_file_name_with_an_identifier():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qls.capability.coaching.forms import EvidenceForm

    upload = SimpleUploadedFile("falls_Mrs_Hilda_Marsh.pdf", b"%PDF-1.4 synthetic")
    form = EvidenceForm(data={"note": "Run chart"}, files={"file": upload})
    assert not form.is_valid()
    assert "patient's name from the file name" in form.errors["file"][0]


@pytest.mark.django_db
def test_strategic_aim_form_names_the_field():
    from qls.organisation.forms import StrategicAimForm

    form = StrategicAimForm(
        data={"title": "Safe care", "description": "Started after Mr John Smith's fall"}
    )
    assert not form.is_valid()
    assert form.errors["description"][0].startswith("Remove the patient's name from ")


@pytest.mark.django_db
def test_pushed_observations_with_an_identifier_are_refused_without_storing_it():
    from qls.measurement.importing.starting import push_rows
    from qls.measurement.models import Observation
    from tests.factories.measurement import MetricFactory, trust_structure

    trust_structure()
    MetricFactory(code="falls", name="Falls")
    rows = [
        {"metric": "falls", "org_unit": "W1", "period": "2024-01-15", "value": 2},
        {"metric": "falls", "org_unit": "Mrs Ada Okoro", "period": "2024-01-15", "value": 2},
        {"metric": "falls", "org_unit": "W1", "period": "2024-01-22", "value": "943 476 5919"},
    ]
    imp = push_rows(rows, by=None)
    assert imp.status != "succeeded"
    assert imp.rejected_rows == [
        {
            "line": 2,
            "reason": "remove the patient's name from org_unit; "
            "QLS must not hold information that identifies a patient",
        },
        {
            "line": 3,
            "reason": "remove the NHS number from value; "
            "QLS must not hold information that identifies a patient",
        },
    ]
    assert "Okoro" not in str(imp.rejected_rows) + imp.error
    assert not Observation.objects.exists()


def test_uploaded_observation_file_name_is_screened():
    import io

    from qls.measurement.importing.errors import FileProblem
    from qls.measurement.importing.starting import start_upload

    with pytest.raises(FileProblem, match="postcode from the file name"):
        start_upload(
            io.BytesIO(b"x"),
            file_name="falls SS16 5NL.csv",
            kind="aggregated",
            metric=None,
            by=None,
        )
