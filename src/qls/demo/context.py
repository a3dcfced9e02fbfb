"""What every step of the demo build works with: its context, and the step itself.

Each step gets the :class:`DemoContext` holding the trust, sites, wards,
staff and users built so far, and its own random generator seeded from the
demo seed and the step name, so adding a step never changes the data another
step generates.

Audit history is skipped for demo rows (plain ``bulk_create``; resets use a
plain SQL delete): the history would describe a generator, not a person's
change, and writing it would make ``--scale full`` several times slower.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model

from qls.organisation.models import Organisation, Site, StaffMember, Ward


@dataclass
class DemoContext:
    """What the steps share: settings, and what earlier steps built."""

    scale: str
    seed: int
    staff_count: int
    log: Callable[[str], None] = print
    trust: Organisation | None = None
    sites: dict[str, Site] = field(default_factory=dict)
    wards: dict[str, Ward] = field(default_factory=dict)
    staff: list[StaffMember] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        """A generator of its own for each step (see the module docstring)."""
        return random.Random(f"{self.seed}:{step}")


@dataclass(frozen=True)
class DemoStep:
    name: str
    build: Callable[[DemoContext], None]
    reset: Callable[[DemoContext], None] | None = None


def raw_delete(*models: type[Model]) -> None:
    """Delete every row of each model with a plain DELETE.

    The ORM would load every row and write a history row per deletion, which
    takes longer than building the data again.
    """
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
