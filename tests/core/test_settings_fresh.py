"""A fresh checkout: settings make var/ and its folders, and jobs are queued, not run inline.

These run ``manage.py`` in a child process with ``qls.settings`` (not the test
settings), as ``make demo`` does on a machine that has never run QLS.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def demo_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of `make demo`: DEBUG on, SQLite under var_dir, nothing else set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "HUEY_IMMEDIATE", "MEDIA_ROOT", "REDIS_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="qls.settings", QLS_VAR_DIR=str(var_dir), DEBUG="true")
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=MANAGE.parent,
    )


def test_migrate_and_check_work_when_var_does_not_exist(tmp_path):
    var = tmp_path / "not-yet" / "var"
    assert not var.exists()
    env = demo_env(var)

    # The auth app (and contenttypes beneath it) proves SQLite can open its file there.
    migrated = manage("migrate", "auth", "--no-input", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    checked = manage("check", env=env)
    assert checked.returncode == 0, checked.stderr

    assert (var / "qls.sqlite3").is_file()
    assert (var / "media").is_dir()
    assert (var / "duckdb-spill").is_dir()


def test_unwritable_var_dir_stops_start_up_naming_the_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = manage("check", env=demo_env(blocker / "var"))
    assert result.returncode != 0
    assert "QLS_VAR_DIR" in result.stderr
    assert str(blocker / "var") in result.stderr


def huey_setting(env: dict[str, str]) -> str:
    code = "import django; django.setup(); from django.conf import settings; print(settings.HUEY)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env={**env, "PYTHONPATH": str(MANAGE.parent / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_jobs_are_queued_for_a_consumer_even_with_debug_on(tmp_path):
    shown = huey_setting(demo_env(tmp_path / "var"))
    assert "'immediate': False" in shown
    assert "huey.sqlite3" in shown


def test_only_the_test_settings_run_jobs_in_process(tmp_path):
    shown = huey_setting(demo_env(tmp_path / "var", DJANGO_SETTINGS_MODULE="qls.settings_test"))
    assert "'immediate': True" in shown
    assert settings.HUEY["immediate"] is True
