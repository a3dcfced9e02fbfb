"""An edition's files: built by a background job, kept in storage, out of date when a draft changes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from qls.core.jobs import fail_stale_jobs
from qls.core.models import JobStatus
from qls.reports import files, outputs, workflow
from qls.reports.models import EditionFile, ItemKind
from tests.factories.reports import NARRATIVE, reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def edition(personas):
    world = reporting_world(personas)
    return workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
    )


def _build(edition, by, code="xlsx", *, capture):
    with capture(execute=True):
        job = files.request_build(edition=edition, code=code, by=by)
    job.refresh_from_db()
    return job


def _stored_files(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


def test_a_build_stores_the_file_and_records_size_and_progress(
    edition, personas, media, django_capture_on_commit_callbacks
):
    job = _build(edition, personas["improvement"], capture=django_capture_on_commit_callbacks)

    assert job.status == JobStatus.SUCCEEDED
    assert job.ready
    assert job.file.name == f"reports/editions/{edition.pk}/qsc-2025-12.xlsx"
    with job.file.open("rb") as handle:
        data = handle.read()
    assert job.size_bytes == len(data) > 0
    assert (job.rows_done, job.rows_total) == (1, 1)
    assert job.built_at is not None
    assert job.requested_by == personas["improvement"]
    sheet = load_workbook(io.BytesIO(data)).active
    assert next(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == "Falls with harm"


def test_a_built_file_is_kept_not_rebuilt_when_asked_again(
    edition, personas, django_capture_on_commit_callbacks
):
    first = _build(edition, personas["improvement"], capture=django_capture_on_commit_callbacks)
    again = _build(edition, personas["staff"], capture=django_capture_on_commit_callbacks)

    assert again.pk == first.pk
    assert again.built_at == first.built_at
    assert again.requested_by == personas["improvement"]
    assert EditionFile.objects.count() == 1


def test_a_failing_renderer_ends_the_job_failed_with_its_reason_and_no_file(
    edition, personas, media, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(edition, progress):
        progress(1, 3)
        raise ValueError("the summary table has no rows")

    monkeypatch.setattr(outputs.xlsx, "render", broken)
    job = _build(edition, personas["improvement"], capture=django_capture_on_commit_callbacks)

    assert job.status == JobStatus.FAILED
    assert job.error == "The Excel summary table could not be built: the summary table has no rows"
    assert not job.file
    assert not job.ready
    assert _stored_files(media) == []


def test_a_failed_build_can_be_asked_for_again(
    edition, personas, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(outputs.xlsx, "render", lambda e, p: 1 / 0)
    failed = _build(edition, personas["improvement"], capture=django_capture_on_commit_callbacks)
    assert failed.status == JobStatus.FAILED
    monkeypatch.undo()

    again = _build(edition, personas["improvement"], capture=django_capture_on_commit_callbacks)
    assert again.pk == failed.pk
    assert again.status == JobStatus.SUCCEEDED
    assert again.error == ""


def test_a_build_whose_worker_died_is_failed_by_the_sweep(edition, personas, settings):
    long_ago = timezone.now() - dt.timedelta(minutes=settings.QLS_JOB_STALE_MINUTES + 1)
    job = EditionFile.objects.create(
        edition=edition,
        format="xlsx",
        status=JobStatus.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
        rows_done=1,
        rows_total=3,
    )
    alive = EditionFile.objects.create(
        edition=edition, format="pdf", status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )

    swept = fail_stale_jobs()

    assert swept["report files"] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Building the Excel spreadsheet stopped responding after 1 of 3")
    alive.refresh_from_db()
    assert alive.status == JobStatus.RUNNING


def test_a_saved_narrative_makes_a_drafts_files_out_of_date(
    edition, personas, django_capture_on_commit_callbacks
):
    job = _build(edition, personas["improvement"], capture=django_capture_on_commit_callbacks)
    item = edition.items.filter(kind=ItemKind.EXCEPTION).first()

    workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)

    job.refresh_from_db()
    assert job.out_of_date
    assert not job.ready
    rebuilt = _build(edition, personas["lead"], capture=django_capture_on_commit_callbacks)
    assert rebuilt.ready
    assert rebuilt.requested_by == personas["lead"]


def test_refreshing_the_data_makes_a_drafts_files_out_of_date(
    edition, personas, django_capture_on_commit_callbacks
):
    job = _build(edition, personas["improvement"], capture=django_capture_on_commit_callbacks)

    workflow.refresh_snapshot(edition=edition, by=personas["improvement"])

    job.refresh_from_db()
    assert job.out_of_date
    assert not job.ready


def test_publishing_queues_the_pdf_and_the_deck(
    edition, personas, django_capture_on_commit_callbacks
):
    for item in edition.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)
    workflow.mark_complete(edition=edition, by=personas["improvement"])
    workflow.approve(edition=edition, by=personas["executive"])

    with django_capture_on_commit_callbacks() as queued:
        workflow.publish(edition=edition, by=personas["executive"])

    assert len(queued) == 2
    rows = EditionFile.objects.filter(edition=edition)
    assert sorted(rows.values_list("format", flat=True)) == ["pdf", "pptx"]
    assert set(rows.values_list("status", flat=True)) == {JobStatus.QUEUED}
    assert set(rows.values_list("requested_by", flat=True)) == {personas["executive"].pk}


def test_a_correction_has_files_of_its_own(edition, personas, django_capture_on_commit_callbacks):
    for item in edition.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)
    workflow.mark_complete(edition=edition, by=personas["improvement"])
    workflow.approve(edition=edition, by=personas["executive"])
    workflow.publish(edition=edition, by=personas["executive"])
    kept = _build(edition, personas["staff"], capture=django_capture_on_commit_callbacks)

    copy = workflow.correct(edition=edition, by=personas["improvement"], reason="Wrong owner")
    copy_file = _build(copy, personas["improvement"], capture=django_capture_on_commit_callbacks)

    assert copy_file.pk != kept.pk
    assert copy_file.file.name.endswith("qsc-2025-12-v2.xlsx")
    kept.refresh_from_db()
    assert kept.ready  # the published version's file is kept as it was
