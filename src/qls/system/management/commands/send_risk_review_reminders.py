"""E-mail the owners of quality risks due for review in the coming week (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from qls.system.actions import send_risk_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail the owner of each open quality risk whose review falls in the next seven "
        "days (each review date once)."
    )

    def handle(self, *args, **options) -> None:
        sent = send_risk_review_reminders()
        self.stdout.write(f"{sent} risk review reminder{'s' if sent != 1 else ''} sent.")
