"""The import job (Huey), the upload page that follows it, and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from qls.measurement.importing import start_upload
from qls.measurement.models import Import, ImportStatus, Observation
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db

GOOD = b"metric,org_unit,period,value\nfalls,W1,2024-01-01,3\nfalls,W2,2024-01-08,1\n"
BAD = b"metric,org_unit,period,value\nfalls,W1,2024-01-01,3\nfalls,W1,2024-01-03,1\n"


def upload(content: bytes, by) -> object:
    return start_upload(
        SimpleUploadedFile("falls.csv", content),
        file_name="falls.csv",
        kind="aggregated",
        metric=None,
        by=by,
    )


@pytest.fixture
def falls(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    trust_structure()
    return MetricFactory(code="falls")


def test_job_runs_on_commit_and_removes_the_uploaded_file(
    falls, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        imp = upload(GOOD, personas["analyst"])
        stored = Path(imp.file_path)
        assert stored.exists()
        assert imp.status == ImportStatus.QUEUED
    imp.refresh_from_db()
    assert imp.status == ImportStatus.SUCCEEDED
    assert imp.progress == 100
    assert (imp.rows_in, imp.rows_out) == (2, 2)
    assert imp.created_by == personas["analyst"]
    assert imp.started_at
    assert imp.finished_at
    assert not stored.exists()
    assert imp.file_path == ""
    assert Observation.objects.count() == 2


def test_a_failed_job_leaves_no_data_and_says_why(
    falls, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        imp = upload(BAD, personas["analyst"])
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED
    assert "1 of 2 rows have problems" in imp.error
    assert imp.rejected_rows[0]["line"] == 3
    assert not Observation.objects.exists()
    assert not Path(imp.file_path or "/nonexistent").exists()


def test_an_unexpected_error_fails_the_job_with_its_reason(
    falls, personas, monkeypatch, django_capture_on_commit_callbacks
):
    from qls.measurement.importing import writer

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "write_clean", explode)
    with django_capture_on_commit_callbacks(execute=True):
        imp = upload(GOOD, personas["analyst"])
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED
    assert "disk full" in imp.error
    assert not Observation.objects.exists()


def test_upload_page_queues_the_job_and_the_partial_shows_the_outcome(
    client, falls, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("measurement:import_new"),
            {"kind": "aggregated", "file": SimpleUploadedFile("bad.csv", BAD)},
        )
    imp = Import.objects.get()
    assert response.status_code == 302
    assert response["Location"] == imp.get_absolute_url()
    page = client.get(imp.get_absolute_url())
    assert b"bad.csv was not imported" in page.content
    assert b"2024-01-03 is a Wednesday" in page.content
    partial = client.get(imp.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'id="import-progress"' in partial.content
    assert b"<html" not in partial.content
    assert b"hx-trigger" not in partial.content  # finished: polling stops


def test_a_running_job_partial_keeps_polling(client, falls, personas):
    imp = Import.objects.create(
        kind="aggregated",
        file_name="x.csv",
        status=ImportStatus.RUNNING,
        progress=40,
        message="Checking rows",
    )
    client.force_login(personas["analyst"])
    partial = client.get(imp.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in partial.content
    assert b'value="40"' in partial.content
    assert b"Checking rows" in partial.content


def test_upload_page_refuses_a_record_import_without_a_metric(client, falls, personas):
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("measurement:import_new"),
        {"kind": "record", "file": SimpleUploadedFile("x.csv", GOOD)},
    )
    assert response.status_code == 200
    assert b"Choose the metric a record-level extract is for" in response.content
    assert not Import.objects.exists()


def test_upload_over_the_size_limit_is_refused(client, falls, personas, settings):
    settings.QLS_MAX_UPLOAD_BYTES = 10
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("measurement:import_new"),
        {"kind": "aggregated", "file": SimpleUploadedFile("x.csv", GOOD)},
    )
    assert b"x.csv is too large" in response.content
    assert not Import.objects.exists()


def test_cli_prints_progress_and_succeeds(falls, tmp_path, capsys):
    path = tmp_path / "falls.csv"
    path.write_bytes(GOOD)
    call_command("import_observations", str(path))
    out = capsys.readouterr().out
    assert "100%" in out
    assert "2 rows read, 2 observations saved" in out
    assert Import.objects.get().source == "cli"


def test_cli_lists_problems_and_fails(falls, tmp_path, capsys):
    path = tmp_path / "falls.csv"
    path.write_bytes(BAD)
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_observations", str(path))
    assert "Line 3: 2024-01-03 is a Wednesday" in capsys.readouterr().err
    assert not Observation.objects.exists()


def test_cli_record_import_needs_a_known_metric(falls, tmp_path):
    path = tmp_path / "falls.csv"
    path.write_bytes(GOOD)
    with pytest.raises(CommandError, match="No metric has the code 'nope'"):
        call_command("import_observations", str(path), "--metric", "nope")
    with pytest.raises(CommandError, match="needs --metric"):
        call_command("import_observations", str(path), "--kind", "record")


def test_cli_exit_code_is_non_zero_on_failure(falls, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "missing.csv"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_observations", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode != 0
    assert "No file at" in result.stderr
