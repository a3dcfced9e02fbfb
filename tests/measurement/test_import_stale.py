"""Imports whose worker died: heartbeats, the sweep that fails them, and the page.

The last test kills a real Huey consumer part-way through an import.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.core.jobs import Heartbeat
from qls.measurement.importing.stale import fail_stale_imports
from qls.measurement.models import Import, ImportStatus
from tests.factories.measurement import MetricFactory, trust_structure

ROOT = Path(__file__).resolve().parents[2]


def running_import(tmp_path, *, beat_minutes_ago: float, **fields) -> tuple[Import, Path]:
    stored = tmp_path / f"{beat_minutes_ago}.csv"
    stored.write_text("metric,org_unit,period,value\n")
    imp = Import.objects.create(
        kind=fields.pop("kind", "aggregated"),
        file_name="falls.csv",
        file_path=str(stored),
        status=ImportStatus.RUNNING,
        progress=40,
        message="Checking rows",
        started_at=timezone.now() - dt.timedelta(minutes=30),
        heartbeat_at=timezone.now() - dt.timedelta(minutes=beat_minutes_ago),
        **fields,
    )
    return imp, stored


@pytest.mark.django_db
def test_the_sweep_fails_a_silent_import_says_where_it_stopped_and_deletes_its_file(
    tmp_path, settings
):
    settings.QLS_JOB_STALE_MINUTES = 10
    silent, silent_file = running_import(tmp_path, beat_minutes_ago=11)
    alive, alive_file = running_import(tmp_path, beat_minutes_ago=1)

    assert fail_stale_imports() == [silent.pk]

    silent.refresh_from_db()
    assert silent.status == ImportStatus.FAILED
    assert silent.error == (
        "The import stopped responding at 40% (Checking rows), so it was stopped. "
        "Nothing from it was saved."
    )
    assert silent.finished_at is not None
    assert silent.file_path == ""
    assert not silent_file.exists()
    assert silent.history.first().status == ImportStatus.FAILED  # audited
    alive.refresh_from_db()
    assert alive.status == ImportStatus.RUNNING
    assert alive_file.exists()
    assert fail_stale_imports() == []


@pytest.mark.django_db
def test_finished_and_queued_imports_are_left_alone(tmp_path, settings):
    settings.QLS_JOB_STALE_MINUTES = 10
    old = timezone.now() - dt.timedelta(hours=2)
    Import.objects.create(kind="aggregated", file_name="a.csv", status=ImportStatus.SUCCEEDED)
    Import.objects.create(kind="aggregated", file_name="b.csv", status=ImportStatus.QUEUED)
    Import.objects.filter().update(heartbeat_at=old, started_at=old)
    assert fail_stale_imports() == []


@pytest.mark.django_db
def test_a_stopped_import_page_stops_polling_and_offers_to_upload_again(client, personas, tmp_path):
    trust_structure()
    metric = MetricFactory(code="falls", record_date_column="admitted")
    imp, _ = running_import(tmp_path, beat_minutes_ago=60, kind="record", metric=metric)
    client.force_login(personas["analyst"])
    polling = client.get(imp.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"hx-trigger" in polling.content

    fail_stale_imports()

    partial = client.get(imp.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"hx-trigger" not in partial.content
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "The import stopped responding at 40% (Checking rows)" in page
    again = f"{reverse('measurement:import_new')}?metric=falls"
    assert f'href="{again}"' in page
    assert "Upload falls.csv again" in page
    form = client.get(again).content.decode()
    chosen = [tag for tag in re.findall(r"<input[^>]*>", form) if " checked" in tag]
    assert any('value="record"' in tag for tag in chosen), chosen
    assert any('value="falls"' in tag for tag in re.findall(r"<option[^>]*selected[^>]*>", form))


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_between_steps():
    imp = Import.objects.create(kind="aggregated", file_name="x.csv")
    with Heartbeat(Import, imp.pk, every=0.05):
        first = Import.objects.get(pk=imp.pk).heartbeat_at
        assert first is not None
        deadline = time.monotonic() + 10
        while Import.objects.get(pk=imp.pk).heartbeat_at == first:
            assert time.monotonic() < deadline, "no beat from the thread"
            time.sleep(0.05)


# ---------------------------------------------------------------- a killed worker

SETUP = """
from pathlib import Path
from qls.measurement.importing import start_upload
from tests.factories.measurement import MetricFactory, trust_structure
trust_structure()
MetricFactory(code="falls")
path = Path({path!r})
with path.open("rb") as handle:
    imp = start_upload(handle, file_name="big.xlsx", kind="aggregated", metric=None, by=None)
print(imp.pk)
"""

SWEEP = """
from qls.measurement.importing.stale import fail_stale_imports
print(fail_stale_imports())
"""


def big_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["metric", "org_unit", "period", "value"])
    start = dt.date(2000, 1, 3)
    for number in range(rows):
        sheet.append(["falls", "W1", start + dt.timedelta(weeks=number % 1000), number % 7])
    book.save(path)


def test_killing_the_worker_mid_import_is_caught_by_the_sweep(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qls.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'qls.sqlite3'}",
        "QLS_VAR_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "HUEY_IMMEDIATE": "false",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    env.pop("REDIS_URL", None)

    def manage(*args: str, **extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            env={**env, **extra},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "-v0")
    workbook = tmp_path / "big.xlsx"
    big_workbook(workbook, 300_000)
    pk = int(manage("shell", "-c", SETUP.format(path=str(workbook))).strip().splitlines()[-1])

    def row() -> tuple[str, int, str, str]:
        with sqlite3.connect(tmp_path / "qls.sqlite3", timeout=30) as db:
            return db.execute(
                "SELECT status, progress, file_path, heartbeat_at FROM measurement_import "
                "WHERE id = ?",
                (pk,),
            ).fetchone()

    status, _, stored, _ = row()
    assert status == ImportStatus.QUEUED
    assert Path(stored).exists()

    log = (tmp_path / "consumer.log").open("w")
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while row()[0] != ImportStatus.RUNNING:
            assert consumer.poll() is None, (tmp_path / "consumer.log").read_text()
            assert time.monotonic() < deadline, "the consumer never started the import"
            time.sleep(0.2)
        time.sleep(1)  # well into reading the workbook
    finally:
        os.killpg(consumer.pid, signal.SIGKILL)
        consumer.wait(timeout=30)
        log.close()
    assert "fail_stale_jobs_task" in (tmp_path / "consumer.log").read_text()

    status, progress, stored, heartbeat = row()
    assert status == ImportStatus.RUNNING, "the import finished before the worker was killed"
    assert heartbeat is not None
    assert Path(stored).exists()

    def sweep(**extra: str) -> str:
        return manage("shell", "-c", SWEEP, **extra).strip().splitlines()[-1]

    # Fresh beats are not stale: the sweep leaves the import alone...
    assert sweep() == "[]"
    # ...until the heartbeat is older than the configured limit (here: at once).
    assert sweep(QLS_JOB_STALE_MINUTES="0") == f"[{pk}]"

    with sqlite3.connect(tmp_path / "qls.sqlite3") as db:
        status, error, file_path = db.execute(
            "SELECT status, error, file_path FROM measurement_import WHERE id = ?", (pk,)
        ).fetchone()
        saved = db.execute("SELECT count(*) FROM measurement_observation").fetchone()[0]
    assert status == ImportStatus.FAILED
    assert error.startswith(f"The import stopped responding at {progress}% (")
    assert file_path == ""
    assert not Path(stored).exists()
    assert saved == 0
