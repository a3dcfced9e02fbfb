"""Withdraw offers of a place not accepted in time and pass the places on (run hourly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from qls.capability.training.enrolment import expire_all_offers


class Command(BaseCommand):
    help = (
        "Withdraw every offer of a course place that has passed its expiry and offer the "
        "place to the next person waiting."
    )

    def handle(self, *args, **options) -> None:
        expired = expire_all_offers()
        self.stdout.write(f"{expired} expired offer{'s' if expired != 1 else ''} passed on.")
