"""Survey files: the size is checked before the file is read, and XLSX is read
by the shared reader, which refuses workbooks that expand beyond its limits."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from qls.wards.errors import SurveyImportError
from qls.wards.models import StaffSurveyResult, SurveyImport
from qls.wards.survey_import import import_survey
from tests.core.xlsx_bombs import full_size_sheet, shared_strings_bomb, workbook
from tests.factories.wards import WardJourneyFactory

pytestmark = pytest.mark.django_db


class Upload(io.RawIOBase):
    """An upload stream that counts what is read from it; ``size`` as Django's uploads have."""

    def __init__(self, size: int | None):
        self.size = size
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        n = 1 << 30 if n is None or n < 0 else n
        self.read_bytes += n
        return b"x" * n


LIMIT = 1024 * 1024


@pytest.fixture(autouse=True)
def one_mb_limit(settings):
    settings.QLS_MAX_UPLOAD_BYTES = LIMIT


def test_an_upload_declared_over_the_upload_limit_is_refused_before_reading():
    upload = Upload(size=LIMIT + 1)
    with pytest.raises(SurveyImportError, match=r"too large .*the limit is 1 MB"):
        import_survey(upload, filename="survey.csv")
    assert upload.read_bytes == 0


def test_a_stream_without_a_size_is_read_only_just_past_the_limit():
    upload = Upload(size=None)
    with pytest.raises(SurveyImportError, match="too large: the limit is 1 MB"):
        import_survey(upload, filename="survey.csv")
    assert upload.read_bytes == LIMIT + 1


def test_an_xlsx_survey_is_imported_with_sheet_rows_as_lines():
    journey = WardJourneyFactory(ward__code="BAS-W01")
    data = workbook(
        [
            ["ward", "survey", "period", "theme", "score", "respondents"],
            ["BAS-W01", "NHS Staff Survey 2024", dt.datetime(2024, 11, 30), "Morale", 6.5, 20],
            [],
            ["BAS-W01", "NHS Staff Survey 2024", "2024-11-30", "We are a team", 7, None],
        ]
    )
    result = import_survey(data, filename="survey.xlsx")
    assert (result.rows, result.created) == (2, 2)
    morale = StaffSurveyResult.objects.get(ward=journey.ward, theme="Morale")
    assert (morale.period, morale.score, morale.respondents) == (dt.date(2024, 11, 30), 6.5, 20)

    bad = workbook(
        [
            ["ward", "survey", "period", "theme", "score"],
            [],
            ["NOPE", "NHS Staff Survey 2024", "2024-11-30", "Morale", 6],
        ]
    )
    with pytest.raises(SurveyImportError) as caught:
        import_survey(bad, filename="survey.xlsx")
    assert dict(caught.value.problems)[3].startswith("Ward is not a ward")


@pytest.mark.parametrize(
    ("bomb", "phrase"),
    [
        (lambda: shared_strings_bomb(expanded_mb=200), "over the limit of 20.0 MB"),
        (full_size_sheet, "1,048,576 rows, over the limit of 1,000,000 rows"),
    ],
)
def test_xlsx_bombs_are_refused_naming_the_limit_and_nothing_is_written(bomb, phrase):
    with pytest.raises(SurveyImportError, match=phrase):
        import_survey(bomb(), filename="survey.xlsx")
    assert not SurveyImport.objects.exists()
    assert not StaffSurveyResult.objects.exists()


def test_other_file_types_are_refused():
    with pytest.raises(SurveyImportError, match=r"must be a \.csv or \.xlsx file"):
        import_survey(b"ward,survey", filename="survey.pdf")
