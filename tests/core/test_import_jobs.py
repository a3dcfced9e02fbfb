"""Staff and survey imports as background jobs: progress, outcome, file removal, sweep."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qls.core.jobs import fail_stale_jobs
from qls.organisation.errors import FileTooLargeError
from qls.organisation.models import StaffImport, StaffMember
from qls.organisation.staff_jobs import start_staff_import
from qls.wards.errors import SurveyImportError
from qls.wards.models import StaffSurveyResult, SurveyImport
from qls.wards.survey_import import start_survey_import
from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory

pytestmark = pytest.mark.django_db

STAFF_HEADER = "staff_number,first_name,last_name,email,staff_group,job_role,band,site,ward\n"
STAFF_ROW = "1000000{n},Amy,Baker,,Medical and Dental,Consultant,Medical,BAS,BAS-W01\n"
SURVEY_HEADER = "ward,survey,period,theme,score\n"
SURVEY_ROW = "BAS-W01,NHS Staff Survey 2024,2024-11-30,Theme {n},6.5\n"


@pytest.fixture(autouse=True)
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    trust = OrganisationFactory(host=True)
    site = SiteFactory(organisation=trust, code="BAS", name="Basildon Hospital")
    WardFactory(site=site, code="BAS-W01", name="Ward 1")


KINDS = {
    "staff": (start_staff_import, STAFF_HEADER, STAFF_ROW, StaffMember, StaffImport),
    "survey": (start_survey_import, SURVEY_HEADER, SURVEY_ROW, StaffSurveyResult, SurveyImport),
}


def start(kind, body: str, capture, name="file.csv"):
    starter = KINDS[kind][0]
    with capture(execute=True):
        job = starter(SimpleUploadedFile(name, body.encode()), filename=name, by=None)
        stored = Path(job.file_path)
        assert stored.exists()
        assert job.status == "queued"
    job.refresh_from_db()
    return job, stored


@pytest.mark.parametrize("kind", KINDS)
def test_the_job_runs_records_progress_and_deletes_the_file(
    kind, django_capture_on_commit_callbacks
):
    _, header, row, written, _ = KINDS[kind]
    body = header + "".join(row.format(n=n) for n in range(3))
    job, stored = start(kind, body, django_capture_on_commit_callbacks)
    assert job.status == "succeeded", job.error
    assert (job.rows_total, job.rows_done, job.rows) == (3, 3, 3)
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.heartbeat_at is not None
    assert job.percent == 100
    assert not stored.exists()
    assert job.file_path == ""
    assert written.objects.count() == 3


@pytest.mark.parametrize("kind", KINDS)
def test_bad_rows_fail_the_job_by_line_write_nothing_and_delete_the_file(
    kind, django_capture_on_commit_callbacks
):
    _, header, row, written, _ = KINDS[kind]
    secret = "Zebedee-Quince"
    bad = row.format(n=1).replace("BAS-W01", secret)
    job, stored = start(kind, header + row.format(n=0) + bad, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [p["line"] for p in job.problems] == [3]
    assert "ward" in job.problems[0]["reason"]
    assert secret not in str(job.problems) + job.error  # no cell contents kept
    assert job.problem_count == 1
    assert written.objects.count() == 0
    assert not stored.exists()
    assert job.file_path == ""


def test_an_over_size_staff_file_is_refused_before_it_is_read(settings, tmp_path):
    settings.QLS_MAX_UPLOAD_BYTES = 100

    class Unreadable(SimpleUploadedFile):
        def chunks(self, *args, **kwargs):
            raise AssertionError("read before the size check")

        def read(self, *args, **kwargs):
            raise AssertionError("read before the size check")

    upload = Unreadable("big.csv", b"x" * 101)
    with pytest.raises(FileTooLargeError, match=r"big.csv is too large .*the limit is"):
        start_staff_import(upload, filename="big.csv", by=None)
    assert not StaffImport.objects.exists()
    assert not any((tmp_path / "media").rglob("*.csv"))


def test_an_over_size_survey_file_is_refused_while_streamed_when_it_gives_no_size(
    tmp_path, settings
):
    settings.QLS_MAX_UPLOAD_BYTES = 5 * 1024 * 1024

    class NoSize:
        def __init__(self) -> None:
            self.sent = 0

        def read(self, size: int = -1) -> bytes:
            if self.sent > settings.QLS_MAX_UPLOAD_BYTES * 2:
                raise AssertionError("read on past the limit")
            self.sent += size
            return b"x" * size

    with pytest.raises(SurveyImportError, match=r"survey.csv is too large: the limit is 5 MB"):
        start_survey_import(NoSize(), filename="survey.csv", by=None)
    assert not SurveyImport.objects.exists()
    assert not any((tmp_path / "media").rglob("*.csv"))


@pytest.mark.parametrize("kind", KINDS)
def test_the_periodic_sweep_fails_a_silent_job_deletes_its_file_and_offers_to_run_again(
    kind, settings, tmp_path, client, personas
):
    settings.QLS_JOB_STALE_MINUTES = 10
    model = KINDS[kind][4]
    stored = tmp_path / "waiting.csv"
    stored.write_text("header\n")
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    job = model.objects.create(
        filename="file.csv",
        file_path=str(stored),
        status="running",
        rows_total=200,
        rows_done=120,
        message="Checking rows",
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    alive = model.objects.create(
        filename="alive.csv", status="running", started_at=long_ago, heartbeat_at=timezone.now()
    )

    swept = fail_stale_jobs()

    assert swept[f"{kind} imports"] == [job.pk]
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == (
        "The import stopped responding after 120 of 200 rows (Checking rows), so it was "
        "stopped. Nothing from it was saved."
    )
    assert not stored.exists()
    alive.refresh_from_db()
    assert alive.status == "running"

    client.force_login(personas["admin"])
    partial = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial
    assert "Upload file.csv again" in partial
    polling = client.get(alive.get_absolute_url(), headers={"HX-Request": "true"}).content
    assert b'hx-trigger="every 1s"' in polling
