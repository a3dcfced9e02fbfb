"""The anonymous issue limit holds across web processes.

Two real servers (gunicorn, one worker each) share one database and so its
cache table. Submissions from one address go to them in turn, each
with a fresh session; together they accept exactly the limit, and the rest
are answered 429.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.core.cache import caches
from django.db import connection

from qls.wards.models import Issue
from tests.factories.wards import EngagementEventFactory

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read()
        try:
            urllib.request.urlopen(url, timeout=60).close()
            return
        except OSError:  # not listening yet, or still loading
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _submit(url: str, text: str) -> int:
    """One person's submission from a fresh browser session: load the form, post it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "text": text, "staff_role": "Nurse"}
    ).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    try:
        with opener.open(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def _database_url(tmp_path: Path) -> str:
    """A URL the servers can open onto this test's database, committed rows and all.

    SQLite's test database lives in memory, so it is copied to a file; a
    PostgreSQL test database is reached by name.
    """
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM INTO '{path}'")
        return f"sqlite:///{path}"
    db = connection.settings_dict
    login = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_two_servers_accept_exactly_the_limit_between_them(tmp_path, transactional_db):
    # The shared cache is a table no test flush empties: counts an earlier
    # test spent from 127.0.0.1 in this window would travel with the copy.
    caches["shared"].clear()
    token = EngagementEventFactory().token
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qls.settings",
        "DATABASE_URL": _database_url(tmp_path),
        "QLS_VAR_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "WARDS_ISSUE_LIMIT": str(LIMIT),
    }
    env.pop("REDIS_URL", None)

    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "qls.wsgi",
                "--workers=1",
                f"--bind=127.0.0.1:{port}",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}/wards/e/{token}/" for port in ports]
        for url, server in zip(urls, servers, strict=True):
            _wait_until_up(url, server)
        answers = [_submit(urls[n % 2], f"Synthetic issue {n}") for n in range(LIMIT * 2 + 2)]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
            server.stderr.close()

    assert answers.count(302) == LIMIT, answers
    assert answers.count(429) == LIMIT + 2, answers
    # Both servers accepted some: the count really was shared, not held by one.
    accepted_by = {n % 2 for n, code in enumerate(answers) if code == 302}
    assert accepted_by == {0, 1}
    if connection.vendor == "sqlite":
        stored = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        count = stored.execute("SELECT count(*) FROM wards_issue").fetchone()[0]
        stored.close()
    else:
        count = Issue.objects.count()
    assert count == LIMIT
