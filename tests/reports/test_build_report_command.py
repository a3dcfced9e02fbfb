"""``manage.py build_report``: an edition's file from the command line, and its refusals."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from qls.reports import files, workflow
from qls.reports.models import Edition, ItemKind, Report
from tests.factories.reports import NARRATIVE, reporting_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(personas):
    world = reporting_world(personas)
    world.report.created_by = personas["analyst"]
    world.report.save(update_fields=["created_by"])
    return world


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("build_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_month_without_an_edition_is_opened_and_written(world, personas, tmp_path):
    out = tmp_path / "qsc.xlsx"
    said = _run("qsc", "--period", "2025-12", "--format", "xlsx", "--out", str(out))

    edition = Edition.objects.get(report=world.report, period=dt.date(2025, 12, 1))
    assert edition.created_by == personas["analyst"]  # the report's author, by default
    assert edition.status == "draft"
    sheet = load_workbook(out).active
    assert sheet.max_row == edition.items.count() + 1
    assert f"Wrote {out}" in said


def test_the_edition_is_opened_as_the_user_named(world, personas, tmp_path):
    _run("qsc", "--period", "2025-12", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"),
         "--as", personas["improvement"].username)  # fmt: skip
    assert Edition.objects.get().created_by == personas["improvement"]


def test_without_an_author_or_a_user_named_it_asks_for_one(world, tmp_path):
    Report.objects.update(created_by=None)
    with pytest.raises(CommandError, match="name a user with --as"):
        _run("qsc", "--period", "2025-12", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"))
    assert not Edition.objects.exists()


def test_a_published_edition_is_written_as_it_is_kept(
    world, personas, tmp_path, django_capture_on_commit_callbacks
):
    edition = workflow.open_edition(
        report=world.report, period=dt.date(2025, 12, 1), by=personas["improvement"]
    )
    for item in edition.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)
    workflow.mark_complete(edition=edition, by=personas["improvement"])
    workflow.approve(edition=edition, by=personas["executive"])
    workflow.publish(edition=edition, by=personas["executive"])
    with django_capture_on_commit_callbacks(execute=True):
        kept = files.request_build(edition=edition, code="xlsx", by=personas["staff"])
    kept.refresh_from_db()
    out = tmp_path / "published.xlsx"

    _run("qsc", "--period", "2025-12", "--format", "xlsx", "--out", str(out))

    with kept.file.open("rb") as handle:
        assert out.read_bytes() == handle.read()
    assert Edition.objects.count() == 1


def test_an_unknown_report_is_named_and_the_known_ones_listed(world, tmp_path):
    with pytest.raises(CommandError, match=r"No report called “board”. Known reports: qsc\."):
        _run("board", "--period", "2025-12", "--format", "xlsx", "--out", str(tmp_path / "a"))


def test_an_unparseable_period_says_the_form_expected(world, tmp_path):
    with pytest.raises(CommandError, match=r"like 2026-03 \(not 'Dec 2025'\)"):
        _run("qsc", "--period", "Dec 2025", "--format", "xlsx", "--out", str(tmp_path / "a"))


def test_a_month_not_yet_over_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="is not over yet"):
        _run("qsc", "--period", "2099-01", "--format", "xlsx", "--out", str(tmp_path / "a"))
    assert not Edition.objects.exists()


def test_a_month_with_no_data_is_refused_and_nothing_written(world, tmp_path):
    out = tmp_path / "old.xlsx"
    with pytest.raises(CommandError, match="has no data for January 2023"):
        _run("qsc", "--period", "2023-01", "--format", "xlsx", "--out", str(out))
    assert not Edition.objects.exists()
    assert not out.exists()


def test_an_unknown_format_is_refused_with_the_choices(world, tmp_path):
    with pytest.raises(CommandError, match="“docx”: choose one of pdf, pptx, xlsx"):
        _run("qsc", "--period", "2025-12", "--format", "docx", "--out", str(tmp_path / "a"))
    assert not Edition.objects.exists()


def test_a_missing_folder_is_refused_before_any_work(world, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _run("qsc", "--period", "2025-12", "--format", "xlsx",
             "--out", str(tmp_path / "nowhere" / "a.xlsx"))  # fmt: skip
    assert not Edition.objects.exists()
