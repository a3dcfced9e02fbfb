"""What the page and recompute benchmarks share: a fresh database and percentiles."""

from __future__ import annotations

import tempfile
from pathlib import Path


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
