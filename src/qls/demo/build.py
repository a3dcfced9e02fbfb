"""The demo trust: a believable, entirely synthetic trust to explore QLS with.

``build_demo()`` (``manage.py demo``) creates an acute trust with three
sites, 20 programme wards and a dozen other units per site, partner
organisations, a staff directory with a realistic ESR staff-group mix, and
one log-in per role. It is deterministic: the same seed gives the same
wards, staff numbers and names.

Idempotent and cheap to repeat: the build records its settings in a
``DemoBuild`` row; when they match the next run skips the rebuild, so
``make demo`` can call it on every start. Otherwise (or with ``force``) every
step's ``reset`` runs, latest step first, then every ``build`` in order, all
in one transaction. The command refuses to touch a database whose host trust
is not the demo trust, so it cannot wipe a real installation.

The steps, and the order they run in, are the list in :mod:`qls.demo.steps`;
resets run in reverse, so a step that points at wards or staff deletes its
rows before they go. Adding a step changes the build signature, so the next
``manage.py demo`` rebuilds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from qls.demo import steps
from qls.demo.context import DemoContext
from qls.demo.organisation import data
from qls.demo.organisation.logins import DEMO_USERS, NO_ROLE_DEMO_USER
from qls.organisation.models import DemoBuild, Organisation, Site, StaffMember, Ward

SCALES = {"standard": 1_500, "full": 14_000}
DEFAULT_SEED = 2024


class DemoRefusedError(Exception):
    """The demo generator will not overwrite a database that holds a real trust."""


@dataclass
class DemoSummary:
    skipped: bool
    scale: str
    seed: int
    timings: dict[str, float]
    users: list[tuple[str, str]]
    counts: dict[str, int]


def build_demo(
    *,
    scale: str = "standard",
    seed: int = DEFAULT_SEED,
    staff_count: int | None = None,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> DemoSummary:
    """Build (or keep, when already built the same way) the demo data."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}")
    count = staff_count if staff_count is not None else SCALES[scale]
    plan = list(steps.STEPS)
    signature = f"scale={scale};seed={seed};staff={count};steps=" + ",".join(s.name for s in plan)
    timings: dict[str, float] = {}
    with transaction.atomic():
        _refuse_real_trust()
        marker = DemoBuild.objects.first()
        skipped = (
            not force
            and marker is not None
            and marker.signature == signature
            and Organisation.objects.filter(is_host=True, code=data.TRUST[0]).exists()
        )
        if not skipped:
            ctx = DemoContext(scale=scale, seed=seed, staff_count=count, log=log)
            for step in reversed(plan):
                if step.reset:
                    step.reset(ctx)
            for step in plan:
                started = time.perf_counter()
                step.build(ctx)
                _analyse()
                timings[step.name] = time.perf_counter() - started
            DemoBuild.objects.all().delete()
            DemoBuild.objects.create(signature=signature, scale=scale, seed=seed)
    return DemoSummary(
        skipped=skipped,
        scale=scale,
        seed=seed,
        timings=timings,
        users=demo_logins(),
        counts={
            "sites": Site.objects.count(),
            "programme wards": Ward.objects.filter(in_programme=True).count(),
            "wards and units": Ward.objects.count(),
            "partner organisations": Organisation.objects.filter(is_host=False).count(),
            "staff": StaffMember.objects.count(),
        },
    )


def _analyse() -> None:
    # On PostgreSQL, fresh statistics after every step: the rows a step has
    # just bulk-loaded, in this one transaction, would otherwise look empty to
    # the planner, and a later step's joins over them (the reports' twelve
    # months of evidence, say) take minutes instead of seconds.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_logins() -> list[tuple[str, str]]:
    """(username, roles) of the demo log-ins that exist."""
    User = get_user_model()
    names = [name for name, *_ in DEMO_USERS] + steps.EXTRA_LOGINS + [NO_ROLE_DEMO_USER[0]]
    found = {
        u.username: ", ".join(sorted(g.name for g in u.groups.all()))
        for u in User.objects.filter(username__in=names).prefetch_related("groups")
    }
    return [(name, found[name] or "no role") for name in names if name in found]


def _refuse_real_trust() -> None:
    host = Organisation.objects.filter(is_host=True).first()
    if host is not None and host.code != data.TRUST[0]:
        raise DemoRefusedError(
            f"This database holds a real trust ({host.name}); the demo generator only "
            "writes to an empty or demo database. Point DATABASE_URL at another database."
        )
