"""Background jobs every area shares (Huey): the sweep for jobs whose worker died."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))
def fail_stale_jobs_task() -> dict[str, list[int]]:
    """Every minute: fail jobs whose worker stopped beating, and delete their files."""
    from qls.core.jobs import fail_stale_jobs

    return fail_stale_jobs()
