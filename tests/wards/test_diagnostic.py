"""The diagnostic pack (page and PDF) and the staff survey import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from qls.measurement.models import Metric, Observation, Series
from qls.measurement.spc_cache import recompute_series
from qls.wards.errors import SurveyImportError
from qls.wards.models import StaffSurveyResult, SurveyImport
from qls.wards.survey_import import import_survey
from tests.factories.organisation import WardFactory
from tests.factories.wards import WardJourneyFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "ward,survey,period,theme,score,respondents\n"
    "{a},NHS Staff Survey 2024,2024-11-30,We are a team,6.8,20\n"
    "{a},NHS Staff Survey 2024,2024-11-30,Morale,5.9,20\n"
    "{b},NHS Staff Survey 2024,30/11/2024,We are a team,7.4,31\n"
)


@pytest.fixture
def journey():
    return WardJourneyFactory(ward__code="BAS-W01", ward__name="Kingfisher Ward")


@pytest.fixture
def falls_series(journey):
    metric = Metric.objects.create(
        code="falls", name="Inpatient falls", definition="Falls per 1,000 bed days",
        chart_type="xmr", improvement_direction="decrease", is_key=True,
    )  # fmt: skip
    series = Series.objects.create(
        metric=metric, level="ward", site=journey.ward.site, ward=journey.ward
    )
    values = [6, 5, 7, 6, 5, 6, 7, 5, 6, 6, 5, 7, 9, 10, 11, 12, 11, 12]
    Observation.objects.bulk_create(
        Observation(series=series, period=dt.date(2023 + (i // 12), i % 12 + 1, 1), value=v)
        for i, v in enumerate(values)
    )
    recompute_series([series.pk])
    return series


def test_survey_import_writes_rows_and_replaces_on_reimport(journey):
    other = WardFactory(code="BAS-W02", site=journey.ward.site)
    data = GOOD.format(a=journey.ward.code, b=other.code).encode()
    result = import_survey(data, filename="survey.csv")
    assert (result.rows, result.created, result.replaced) == (3, 3, 0)
    again = import_survey(data.replace(b"6.8", b"7.0"), filename="survey.csv")
    assert (again.created, again.replaced) == (0, 3)
    assert StaffSurveyResult.objects.get(ward=journey.ward, theme="We are a team").score == 7.0
    assert SurveyImport.objects.count() == 2


def test_survey_import_refuses_bad_rows_naming_line_and_problem(journey):
    data = (
        "ward,survey,period,theme,score\n"
        f"{journey.ward.code},NHS Staff Survey 2024,2024-11-30,Morale,6.1\n"
        "NOPE-W99,NHS Staff Survey 2024,2024-11-30,Morale,6.1\n"
        f"{journey.ward.code},NHS Staff Survey 2024,31/02/2024,Team,11\n"
        f"{journey.ward.code},NHS Staff Survey 2024,2024-11-30,Morale,five\n"
    ).encode()
    with pytest.raises(SurveyImportError) as caught:
        import_survey(data, filename="bad.csv")
    problems = dict(caught.value.problems)
    assert problems[3] == "Ward is not a ward code or name in QLS."
    assert "Period is not a date" in problems[4]
    assert "score is outside 0 to 10" in problems[4]
    assert "Score is not a number" in problems[5]
    # Problems are kept with the import: they name columns, never quote cells.
    assert not any(cell in text for text in problems.values() for cell in ("NOPE", "five"))
    assert "repeats the ward, survey and theme of line 2" in problems[5]
    assert not StaffSurveyResult.objects.exists()
    assert not SurveyImport.objects.exists()


def test_survey_import_refuses_a_file_without_the_columns():
    with pytest.raises(SurveyImportError, match="no column score"):
        import_survey(b"ward,survey,period,theme\nX,Y,2024-01-01,Z\n", filename="x.csv")


def test_survey_import_page_lists_problems_by_line(client, personas, journey, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas["analyst"])
    upload = SimpleUploadedFile("bad.csv", b"ward,survey,period,theme,score\nX,S,2024-01-01,T,3\n")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("wards:survey_import"), {"file": upload})
    html = client.get(response["Location"]).content.decode()
    assert "bad.csv was not imported" in html
    assert "is not a ward code or name in QLS" in html


def test_diagnostic_pack_shows_charts_warnings_and_survey(client, personas, journey, falls_series):
    import_survey(
        GOOD.format(a=journey.ward.code, b=journey.ward.code)
        .replace("30/11/2024,We are a team", "30/11/2024,Staff engagement")
        .encode(),
        filename="s.csv",
    )
    client.force_login(personas["staff"])
    response = client.get(reverse("wards:diagnostic", args=[journey.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inpatient falls" in html
    assert f'id="diag-{falls_series.pk}"' in html
    assert "NHS Staff Survey 2024: scores out of 10" in html
    assert "Early warnings" in html


def test_diagnostic_pack_pdf_is_a_pdf(client, personas, journey, falls_series):
    client.force_login(personas["staff"])
    response = client.get(reverse("wards:diagnostic_pdf", args=[journey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000


def test_a_partners_person_sees_no_unshared_ward_data_in_the_pack(
    client, personas, journey, falls_series
):
    from qls.measurement.sharing import share_metric
    from tests.factories.organisation import OrganisationFactory, StaffMemberFactory
    from tests.system.conftest import agreement

    partner = OrganisationFactory(code="MHT", name="Mind & Body Trust")
    StaffMemberFactory(user=personas["staff"], organisation=partner, ward=None)
    client.force_login(personas["staff"])
    url = reverse("wards:diagnostic", args=[journey.pk])
    html = client.get(url).content.decode()
    assert f'id="diag-{falls_series.pk}"' not in html
    # Once the host trust shares the metric, its ward series is in the pack for everyone.
    host = journey.ward.site.organisation
    share_metric(
        metric=falls_series.metric, organisation=host,
        agreement=agreement(personas["system"], host), approved_by=personas["system"],
    )  # fmt: skip
    assert f'id="diag-{falls_series.pk}"' in client.get(url).content.decode()
