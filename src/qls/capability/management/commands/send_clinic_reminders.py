"""E-mail everyone booked into tomorrow's QI clinic slots (run daily, e.g. from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from qls.capability.coaching.clinics import send_clinic_reminders


class Command(BaseCommand):
    help = (
        "E-mail a reminder to everyone booked into a QI clinic slot tomorrow (each booking once)."
    )

    def handle(self, *args, **options) -> None:
        sent = send_clinic_reminders()
        self.stdout.write(f"{sent} clinic reminder{'s' if sent != 1 else ''} sent.")
