"""``manage.py recompute_spc``: recompute the cached SPC of every series (or some)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qls.measurement import spc_cache
from qls.measurement.models import Metric


class Command(BaseCommand):
    help = "Recompute and store SPC results for every series, one metric, or the stale ones."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--metric", help="Only this metric's series (its code).")
        parser.add_argument(
            "--stale", action="store_true", help="Only series marked stale by a change."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["metric"]:
            metric = Metric.objects.filter(code=options["metric"]).first()
            if metric is None:
                raise CommandError(f"no metric with code {options['metric']!r}")
            report = spc_cache.recompute_metric(metric)
        elif options["stale"]:
            report = spc_cache.recompute_stale()
        else:
            report = spc_cache.recompute_all()
        self.stdout.write(
            f"Recomputed {report.series:,} series ({report.points:,} points) "
            f"in {report.seconds:.2f} s"
            + (f"; {report.failed} refused, see the log" if report.failed else "")
        )
