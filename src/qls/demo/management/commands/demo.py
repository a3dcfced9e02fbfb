"""``manage.py demo``: build the demo trust and print where to log in."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qls.demo.build import DEFAULT_SEED, SCALES, DemoRefusedError, build_demo
from qls.demo.organisation.logins import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Build the synthetic demo trust (sites, wards, partners, staff, one log-in per "
        "role). Deterministic for a seed; skips the work when already built the same way."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="standard")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--staff", type=int, default=None, help="Override the number of staff (for tests)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Rebuild even if already built this way."
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        self.stdout.write(f"Demo trust: scale {options['scale']}, seed {options['seed']}")
        try:
            summary = build_demo(
                scale=options["scale"],
                seed=options["seed"],
                staff_count=options["staff"],
                force=options["force"],
                log=self.stdout.write,
            )
        except DemoRefusedError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        elapsed = time.perf_counter() - started
        if summary.skipped:
            self.stdout.write(
                "  already built with these settings; nothing to do (--force rebuilds)"
            )
        else:
            steps = ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items())
            self.stdout.write(f"  built in {elapsed:.1f}s ({steps})")
        self.stdout.write("  " + ", ".join(f"{n:,} {label}" for label, n in summary.counts.items()))
        self._print_logins(summary.users, options["url"])

    def _print_logins(self, users: list[tuple[str, str]], url: str) -> None:
        width = max([len("Username"), *(len(u) for u, _ in users)])
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"QLS demo is ready at {url}"))
        self.stdout.write(f"Log in with any of these; the password for all is: {DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write(f"  {'Username'.ljust(width)}  Roles")
        self.stdout.write(f"  {'-' * width}  {'-' * 30}")
        for username, roles in users:
            self.stdout.write(f"  {username.ljust(width)}  {roles}")
