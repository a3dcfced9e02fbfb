"""scripts/serve.sh: the web server and the job consumer start together and stop together.

A stand-in for Python records which command it was asked to run and then
waits, so the script's process handling is tested without starting Django.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

SERVE = Path(settings.BASE_DIR) / "scripts" / "serve.sh"

STAND_IN = """#!/usr/bin/env bash
# Called as: PY manage.py <command> ...
echo $$ > "$PIDS/$2"
if [ "$2" = "${EXIT_SOON:-}" ]; then sleep 1; exit 3; fi
exec sleep 300
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def start(tmp_path):
    python = tmp_path / "python"
    python.write_text(STAND_IN)
    python.chmod(0o755)
    pids = tmp_path / "pids"
    pids.mkdir()
    started = []

    def run(**env: str) -> tuple[subprocess.Popen, dict[str, int]]:
        process = subprocess.Popen(
            ["bash", str(SERVE)],
            env={**os.environ, "PY": str(python), "PIDS": str(pids), "PORT": "8999", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        started.append(process)
        assert wait_for(lambda: {p.name for p in pids.iterdir()} == {"run_huey", "runserver"})
        return process, {p.name: int(p.read_text()) for p in pids.iterdir()}

    yield run
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()


def test_ctrl_c_stops_the_web_server_and_the_consumer(start):
    serve, children = start()
    assert wait_for(lambda: all(alive(pid) for pid in children.values()))
    os.killpg(serve.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    assert serve.wait(timeout=90) == 130
    assert wait_for(lambda: not any(alive(pid) for pid in children.values()))


def test_when_the_web_server_stops_the_consumer_is_stopped_too(start):
    serve, children = start(EXIT_SOON="runserver")
    assert serve.wait(timeout=90) == 3
    assert wait_for(lambda: not alive(children["run_huey"]))
    output = serve.communicate()[0]
    assert "stopping the other" in output
