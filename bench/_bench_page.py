"""One page, served by gunicorn, asked for by signed-in users back to back.

Shared by the page benchmarks (ward dashboard, report edition, community
home): the options, signing the users in, the timed run with its warm-up,
and the table printed beside the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from _bench_db import percentile, serve


def add_page_options(
    parser: argparse.ArgumentParser, *, users: int, requests: int, port: int
) -> None:
    parser.add_argument("--users", type=int, default=users)
    parser.add_argument("--requests", type=int, default=requests)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=10)
    parser.add_argument("--port", type=int, default=port)


def signed_in_cookies(username: str, count: int) -> list[str]:
    """``count`` session cookies for one account, signed in without its password."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client sign in without a password
    user = get_user_model().objects.get(username=username)
    cookies = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}")
    connection.close()
    return cookies


def get(url: str, cookie: str) -> tuple[int, int, float]:
    """(status, bytes, milliseconds) for one request."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        # A redirect (to the log-in page) would be followed silently.
        status = response.status if response.url == url else 302
    return status, len(body), (time.perf_counter() - started) * 1000


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time of these processes so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def run(url: str, cookies: list[str], total: int) -> list[float]:
    """``len(cookies)`` users asking back to back until ``total`` requests are done."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    left = [total]

    def user(cookie: str) -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            try:
                status, _size, ms = get(url, cookie)
            except Exception as error:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                if status == 200:
                    times.append(ms)
                else:
                    errors.append(f"HTTP {status}")

    threads = [threading.Thread(target=user, args=(c,)) for c in cookies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, first: {errors[0]}")
    return times


@dataclass
class PageRun:
    times: list[float]
    wall: float
    size: int
    first: float
    server_cpu: float
    client_cpu: float

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return percentile(self.times, 95)


def measure_page(
    db_url: str, path: str, cookies: list[str], args: argparse.Namespace, *, warm_up: int
) -> PageRun:
    """Serve the app, check ``path`` answers 200, warm up with ``warm_up`` requests,
    then time ``args.requests`` of them from ``len(cookies)`` users in flight."""
    server = serve(db_url, args.port, args.workers, args.threads)
    try:
        url = f"http://127.0.0.1:{args.port}{path}"
        status, size, first = get(url, cookies[0])
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        run(url, cookies, warm_up)
        workers = children(server.pid)
        server_cpu, client_cpu = cpu_seconds(workers), time.process_time()
        started = time.perf_counter()
        times = run(url, cookies, args.requests)
        wall = time.perf_counter() - started
        server_cpu = cpu_seconds(workers) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    return PageRun(times, wall, size, first, server_cpu, client_cpu)


def print_page_result(label: str, headline: str, measured: PageRun, target_ms: float) -> bool:
    """The headline, the table beside the target, and where the time went; True on a pass."""
    passed = measured.p95 < target_ms
    times = measured.times
    print()
    print(headline)
    print(
        f"{'page':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  target       result"
    )
    print(
        f"{label:<16}{len(times):>9}{measured.p50:>9.1f}{measured.p95:>9.1f}{max(times):>9.1f}  "
        f"p95 < {target_ms:.0f}   {'pass' if passed else 'FAIL'}"
    )
    # Where the time goes: the requests per second the two cores gave, and
    # the CPU each request cost the server processes and this client.
    print(
        f"throughput {len(times) / measured.wall:,.1f} requests/s; CPU per request: server "
        f"{measured.server_cpu / len(times) * 1000:.1f} ms, benchmark client "
        f"{measured.client_cpu / len(times) * 1000:.1f} ms; load average {os.getloadavg()[0]:.1f}"
    )
    return passed
