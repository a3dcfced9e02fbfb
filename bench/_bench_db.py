"""What the page and recompute benchmarks share: their database options, a fresh
(or reused) database with Django set up, the demo built up to a step, the app
served as in production, and percentiles."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def add_database_options(parser: argparse.ArgumentParser, pg_database: str) -> None:
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--pg-database", default=pg_database)
    parser.add_argument("--keep", default=None, help="build into this SQLite file and keep it")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the --keep file, or the PostgreSQL --pg-database, as built before",
    )


def open_database(args: argparse.Namespace, prefix: str) -> tuple[str, str | None]:
    """Choose the database from the options, point Django at it and set Django up.

    Returns (DATABASE_URL, temporary directory to remove or None).
    """
    if args.reuse and args.keep:
        url, tmp = f"sqlite:///{args.keep}", None
    elif args.reuse and args.database_url:
        url, tmp = f"{args.database_url.rpartition('/')[0]}/{args.pg_database}", None
    else:
        url, tmp = fresh_database(args.database_url, args.pg_database, args.keep, prefix=prefix)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qls.settings")
    import django

    django.setup()
    return url, tmp


def build_demo_up_to(
    last: str | None, scale: str, skip: tuple[str, ...] = (), **options: Any
) -> None:
    """Migrate, then build the demo's steps up to the one named ``last`` (e.g.
    "measurement"; None: every step), less those named in ``skip``."""
    from django.core.management import call_command

    from qls.demo import steps
    from qls.demo.build import build_demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    kept = steps.up_to(last) if last else steps.STEPS
    steps.STEPS = [step for step in kept if step.name not in skip]
    summary = build_demo(scale=scale, force=True, log=lambda m: print(m, flush=True), **options)
    print(
        "demo built: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in summary.timings.items())
        + f" ({time.perf_counter() - started:.0f} s with migrations)",
        flush=True,
    )


def fresh_database(
    url: str | None, pg_name: str, keep: str | None, prefix: str
) -> tuple[str, str | None]:
    """(DATABASE_URL, temporary directory to remove or None) for an empty database.

    With a PostgreSQL ``url``, (re)creates ``pg_name`` on that server; otherwise
    a new SQLite file, at ``keep`` when given (and kept), else in a temp dir.
    """
    if url and url.startswith("postgres"):
        import psycopg

        base, _, _old = url.rpartition("/")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}"')
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        return f"{base}/{pg_name}", None
    directory = None if keep else tempfile.mkdtemp(prefix=prefix)
    path = Path(keep) if keep else Path(directory) / "bench.sqlite3"  # type: ignore[arg-type]
    if path.exists():
        path.unlink()
    return f"sqlite:///{path}", directory


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``th percentile (0 to 100) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit status {server.returncode})")
        if _port_open(port):
            return
        time.sleep(0.2)
    raise SystemExit(f"the server did not start on port {port}")


def serve(db_url: str, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    """Serve the app with gunicorn as a production site would (docs/deployment.md):
    DEBUG off, static files collected, persistent connections; plain HTTP on the
    loopback. Returns once the port answers; the caller terminates the server."""
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT / "src"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
    }
    if _port_open(port):
        # Else the benchmark would measure whatever is listening there.
        raise SystemExit(f"port {port} is already in use: choose another with --port")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity=0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "qls.wsgi",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for_port(port, server)
    except BaseException:
        server.terminate()
        raise
    return server
