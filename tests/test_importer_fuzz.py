"""Every importer on mangled files: a clear refusal or a clean import, never a traceback.

Each example starts from a valid file and mangles it the way real files go
wrong: cut short, stray quotes and NUL bytes, random bytes, a giant cell,
another encoding, spaces and duplicates in the header, a header with no
rows. Whatever comes in, the importer either imports it or refuses it with
its own error, naming the line of each rejected row, and a refusal writes
nothing. The ``qls spc`` command line has its own fuzz test
(tests/spc/test_cli_fuzz.py).

Derandomised with no deadline, so CI runs the same examples every time.
"""

from __future__ import annotations

import io
import logging

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qls.measurement.importing import import_path
from qls.measurement.models import Import, ImportStatus, Observation
from qls.organisation.errors import StaffImportError
from qls.organisation.models import StaffMember
from qls.organisation.staff_import.importing import import_staff
from qls.wards.errors import SurveyImportError
from qls.wards.models import StaffSurveyResult
from qls.wards.survey_import import import_survey
from tests.factories.measurement import MetricFactory, trust_structure
from tests.factories.organisation import WardFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    # Hypothesis re-runs the body inside one test's transaction: the world is shared on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

AGGREGATED = [
    "metric,org_unit,period,value",
    "falls,W1,2024-01-01,3",
    "falls,W2,2024-01-08,0",
    "falls,S1,2024-01-15,7",
    "falls,TRUST,2024-01-22,12",
]
RECORD = [
    "arrived,ward_code,eligible,screened,imd,sex",
    "2024-01-02,W1,Y,Y,1,F",
    "2024-01-09,W2,Y,N,,M",
    "2024-02-03,W3,N,Y,5,F",
    "2024-02-14,W1,Y,Y,3,M",
]
STAFF = [
    "staff_number,first_name,last_name,email,staff_group,job_role,band,site,ward",
    (
        "00000001,Alex,Synthetic,alex.synthetic@example.nhs.uk,Allied Health Professionals,"
        "Physiotherapist,Band 5,S1,W1"
    ),
    "00000002,Sam,Example,,Administrative and Clerical,Ward clerk,Band 3,,",
]
SURVEY = [
    "ward,survey,period,theme,score,respondents",
    "FZ1,NHS Staff Survey 2024,2024-11-30,We are safe and healthy,6.8,21",
    "FZ1,NHS Staff Survey 2024,30/11/2024,We are a team,7.1,21",
]


def _known_bad(lines: list[str]) -> list[bytes]:
    """The shapes that broke an importer once, tried every run whatever Hypothesis draws."""
    body = "\n".join(lines).encode()
    return [
        b"",
        lines[0].encode() + b"\n",
        body.replace(b",", b',"', 1),  # an unclosed quote
        body + b"\n" + b"x" * 200_000 + b"\n",  # a cell past the csv module's limit
        body.replace(b",", b",\x00", 2),
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        lines[0].replace("_", " ").encode() + b"\n" + b"\n".join(x.encode() for x in lines[1:]),
    ]


def _with_known_bad(lines: list[str]):
    def decorate(test):
        for data in reversed(_known_bad(lines)):
            test = example(data=data)(test)
        return test

    return decorate


_NOISE = st.sampled_from(
    ['"', '""', ",", "\x00", "\r", "\n", "\ufeff", "=SUM(A1)", "é", " ", "\t", ";", "'"]
).map(str.encode)


@st.composite
def mangled(draw: st.DrawFn, lines: list[str]) -> bytes:
    """A valid file with a few of the ways real files go wrong applied to it."""
    rows = list(lines)
    for _ in range(draw(st.integers(0, 3))):
        how = draw(
            st.sampled_from(
                ["drop", "dup", "field", "header", "giant", "ragged", "blank", "only_header"]
            )
        )
        at = draw(st.integers(0, max(0, len(rows) - 1)))
        if not rows:
            break
        if how == "drop":
            rows.pop(at)
        elif how == "dup":
            rows.insert(at, rows[at])
        elif how == "field":
            cells = rows[at].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.text(max_size=12))
            rows[at] = ",".join(cells)
        elif how == "header":
            rows[0] = draw(st.sampled_from([" ", "  ", "\t"])).join(rows[0].split("_"))
        elif how == "giant":
            rows[at] = rows[at] + "," + "x" * 200_000
        elif how == "ragged":
            rows[at] = rows[at] + draw(st.sampled_from([",", ",,extra", ""]))
        elif how == "blank":
            rows.insert(at, "")
        else:
            rows = rows[:1]
    data = "\n".join(rows).encode() + draw(st.sampled_from([b"\n", b"\r\n", b""]))
    for _ in range(draw(st.integers(0, 3))):
        cut = draw(st.integers(0, len(data)))
        choice = draw(st.sampled_from(["noise", "bytes", "cut", "latin1"]))
        if choice == "noise":
            data = data[:cut] + draw(_NOISE) + data[cut:]
        elif choice == "bytes":
            data = data[:cut] + draw(st.binary(min_size=1, max_size=8)) + data[cut:]
        elif choice == "cut":
            data = data[:cut]
        else:
            data = data.decode("utf-8", "replace").replace("é", "e").encode("latin-1", "replace")
            data = data[:cut] + "£".encode("latin-1") + data[cut:]
    return data


def _refusal(kind: type[Exception], importer, *args, **kwargs):
    """The importer's own refusal, or None when it imported; anything else propagates."""
    try:
        importer(*args, **kwargs)
    except kind as error:
        return error
    return None


def _no_unexpected_log(caplog) -> None:
    unexpected = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not unexpected, unexpected[0].getMessage()


def _check_lines(problems, data: bytes) -> None:
    """Each rejected row names its line, and the line is in the file."""
    last = data.count(b"\n") + data.count(b"\r") + 2
    for line, message in problems:
        assert message.strip()
        assert line is None or 1 <= line <= last, (line, message)


def _observation_import(tmp_path, data: bytes, caplog, **kwargs) -> None:
    before = Observation.objects.count()
    path = tmp_path / "extract.csv"
    path.write_bytes(data)
    caplog.clear()
    imp = import_path(path, recompute=False, **kwargs)
    _no_unexpected_log(caplog)
    assert imp.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
    if imp.status == ImportStatus.FAILED:
        assert imp.error.strip()
        assert "unexpectedly" not in imp.error, imp.error
        _check_lines([(p["line"], p["reason"]) for p in imp.rejected_rows], data)
        assert Observation.objects.count() == before


@pytest.fixture
def falls():
    trust_structure()
    return MetricFactory(code="falls")


@FUZZ
@given(data=mangled(AGGREGATED))
@_with_known_bad(AGGREGATED)
def test_aggregated_observation_import_never_crashes(tmp_path, falls, caplog, data):
    _observation_import(tmp_path, data, caplog, kind="aggregated")


@pytest.fixture
def screening():
    trust_structure()
    return MetricFactory(screening=True)


@FUZZ
@given(data=mangled(RECORD))
@_with_known_bad(RECORD)
def test_record_level_import_never_crashes(tmp_path, screening, caplog, data):
    _observation_import(tmp_path, data, caplog, kind="record", metric=screening)


@pytest.fixture
def staff_world():
    trust_structure()


@FUZZ
@given(data=mangled(STAFF), xlsx_name=st.booleans())
@example(data=_known_bad(STAFF)[3], xlsx_name=False)
@example(data=_known_bad(STAFF)[4], xlsx_name=False)
@example(data=_known_bad(STAFF)[5], xlsx_name=True)
def test_staff_import_never_crashes(staff_world, data, xlsx_name):
    before = StaffMember.objects.count()
    filename = "staff.xlsx" if xlsx_name else "staff.csv"
    error = _refusal(StaffImportError, import_staff, io.BytesIO(data), filename=filename)
    if error is not None:
        assert error.message.strip()
        _check_lines([(e.line, e.message) for e in error.errors], data)
        assert StaffMember.objects.count() == before


@pytest.fixture
def survey_world():
    WardFactory(code="FZ1")


@FUZZ
@given(data=mangled(SURVEY))
@_with_known_bad(SURVEY)
def test_survey_import_never_crashes(survey_world, data):
    before = (StaffSurveyResult.objects.count(), Import.objects.count())
    error = _refusal(SurveyImportError, import_survey, data, filename="survey.csv")
    if error is not None:
        assert str(error).strip()
        _check_lines(error.problems, data)
        assert (StaffSurveyResult.objects.count(), Import.objects.count()) == before
