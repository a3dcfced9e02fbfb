"""The marker a demo database carries, with the settings it was built with."""

from __future__ import annotations

from django.db import models


class DemoBuild(models.Model):
    """Marks a database as built by ``manage.py demo``, and with what settings.

    The demo command compares its own settings with this row and skips the
    rebuild when they match, so ``make demo`` can run it on every start.
    """

    signature = models.CharField(max_length=500)
    scale = models.CharField(max_length=20)
    seed = models.IntegerField()
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Demo data ({self.scale}, seed {self.seed})"
