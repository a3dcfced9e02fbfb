"""The per-token request limit: 429 with Retry-After, counted in the shared cache,
exactly, even when two processes spend the same token at once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from qls.core import ratelimit
from tests.measurement.api_data import bearer, build_metric

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_token_past_its_limit_gets_429_with_retry_after(client, personas, settings):
    settings.QLS_API_RATE_LIMIT = "3/minute"
    build_metric(weeks=1)
    headers = bearer(personas["staff"])
    answers = [client.get("/api/metrics", headers=headers) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert refused.json()["retry_after"] == wait
    assert "Try again in" in refused.json()["detail"]
    # The limit is per token: another token of the same person still works.
    assert client.get("/api/metrics", headers=bearer(personas["staff"])).status_code == 200
    # The schema counts too.
    assert client.get("/api/openapi.json", headers=headers).status_code == 429


@pytest.mark.django_db
def test_a_signed_in_person_is_limited_too(client, personas, settings):
    settings.QLS_API_RATE_LIMIT = "2/hour"
    client.force_login(personas["staff"])
    codes = [client.get("/api/metrics").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_the_count_starts_again_in_the_next_window():
    rate = ratelimit.parse_rate("2/minute")
    key = f"test:{uuid.uuid4()}"
    start = 60 * 1_000_000.0
    assert [ratelimit.hit(key, rate, now=start + s).allowed for s in (0, 1, 2)] == [
        True,
        True,
        False,
    ]
    refused = ratelimit.hit(key, rate, now=start + 45)
    assert refused.retry_after == 15
    assert ratelimit.hit(key, rate, now=start + 60).allowed


@pytest.mark.parametrize(
    ("text", "rate"),
    [("600/minute", (600, 60)), ("10/second", (10, 1)), ("100/5minutes", (100, 300))],
)
def test_rates_are_read_from_settings_text(text, rate):
    parsed = ratelimit.parse_rate(text)
    assert (parsed.count, parsed.seconds) == rate


@pytest.mark.parametrize("text", ["", "600", "600/fortnight", "0/minute", "ten/minute"])
def test_a_bad_rate_names_the_expected_form(text):
    with pytest.raises(ratelimit.RateSyntaxError, match="minute"):
        ratelimit.parse_rate(text)


_WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import django
    django.setup()
    from qls.core import ratelimit

    name, hits, barrier, key = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    (barrier / name).touch()
    deadline = time.monotonic() + 60
    while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    rate = ratelimit.parse_rate("40/hour")
    # A fixed clock keeps both processes in one window however slowly they start.
    print(sum(ratelimit.hit(key, rate, now=7200.0).allowed for _ in range(hits)))
    """
)


def test_two_processes_share_one_count_exactly(tmp_path):
    """Two Python processes spend one key through the database cache at the same
    moment: together they get exactly the limit, and each got some of it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qls.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "QLS_VAR_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "django", "createcachetable"], env=env, check=True, cwd=ROOT
    )
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    key = f"token:{uuid.uuid4()}"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, name, "35", str(barrier), key],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed.append(int(out.strip()))
    assert sum(allowed) == 40
    assert min(allowed) >= 5
