"""Settings for the test suite: ``qls.settings`` with background jobs run in-process.

Tests assert on what a job did as soon as the request that queued it returns,
so Huey runs each task immediately (in memory) instead of queuing it for a
consumer. Everything else is read from the environment as in ``qls.settings``,
so ``DATABASE_URL`` still switches the suite to PostgreSQL.
"""

from __future__ import annotations

import os

os.environ.setdefault("HUEY_IMMEDIATE", "true")

from qls.settings import *
