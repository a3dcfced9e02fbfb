"""A report's schedule: its next draft opens by itself, and late owners are reminded.

Run once a day (or more often: both steps are idempotent) by the Huey
periodic task in ``qls.reports.tasks`` or by ``manage.py open_due_reports``
from cron.

- ``open_due_editions``: every report with an opening day opens the draft of
  the month just ended on that day, through ``workflow.open_edition`` (which
  emails the owners of exceptions). A month that already has an edition is
  skipped, so running twice opens nothing more; a run missed on the day is
  made up on a later day of the same month.
- ``send_narrative_reminders``: from three days before an open edition's
  narratives are due, each owner whose exceptions still lack a complete
  narrative is emailed once (a ``NarrativeReminder`` row records it).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qls.core.periods import MONTH, add_periods, period_start
from qls.organisation.models import StaffMember
from qls.reports import workflow
from qls.reports.errors import ReportError
from qls.reports.models import Edition, EditionStatus, ItemKind, NarrativeReminder, Report
from qls.reports.models.report import REMINDER_DAYS_BEFORE_DUE

log = logging.getLogger(__name__)


@dataclass
class ScheduleRun:
    opened: list[Edition] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reminded: int = 0


def previous_month(today: dt.date) -> dt.date:
    """The first day of the month before ``today``'s.

    >>> previous_month(dt.date(2026, 1, 5))
    datetime.date(2025, 12, 1)
    """
    return add_periods(period_start(today, MONTH), MONTH, -1)


def due_reports(today: dt.date) -> list[Report]:
    """Reports whose opening day has come this month and whose last month has no edition."""
    period = previous_month(today)
    return list(
        Report.objects.filter(opens_on_day__isnull=False, opens_on_day__lte=today.day)
        .exclude(editions__period=period)
        .filter(sections__isnull=False)
        .distinct()
        .order_by("name")
    )


def open_due_editions(*, today: dt.date | None = None, base_url: str = "") -> ScheduleRun:
    """Open the draft of the month just ended for every report due today."""
    today = today or timezone.localdate()
    period = previous_month(today)
    run = ScheduleRun()
    for report in due_reports(today):
        try:
            edition = workflow.open_edition(
                report=report, period=period, by=None, today=today, base_url=base_url
            )
        except ReportError as error:  # opened meanwhile by hand or by another run
            log.info("Not opening %s for %s: %s", report.slug, period, error)
            run.skipped.append(f"{report.name}: {error}")
        else:
            run.opened.append(edition)
    return run


def _link(edition: Edition, base_url: str) -> str:
    base = (base_url or getattr(settings, "QLS_BASE_URL", "") or "http://localhost:8000").rstrip(
        "/"
    )
    return base + reverse("reports:edition", args=[edition.pk])


def send_narrative_reminders(*, today: dt.date | None = None, base_url: str = "") -> int:
    """Email, once per edition, each owner still missing a narrative; return how many."""
    today = today or timezone.localdate()
    remind_from = today + dt.timedelta(days=REMINDER_DAYS_BEFORE_DUE)
    editions = Edition.objects.filter(
        status__in=[EditionStatus.DRAFT, EditionStatus.COMPLETE],
        narratives_due__isnull=False,
        narratives_due__lte=remind_from,
    ).select_related("report")
    sent = 0
    for edition in editions:
        with transaction.atomic():
            # Locked, so two runs at once do not both remind the same owner.
            Edition.objects.select_for_update().filter(pk=edition.pk).first()
            already = set(edition.reminders.values_list("owner_id", flat=True))
            missing: dict[int, list[str]] = {}
            owners: dict[int, StaffMember] = {}
            items = edition.items.filter(kind=ItemKind.EXCEPTION, owner__isnull=False)
            for item in items.select_related("narrative", "owner"):
                narrative = getattr(item, "narrative", None)
                owner = item.owner
                if narrative is not None and narrative.is_complete:
                    continue
                if owner is None or owner.pk in already or not owner.email:
                    continue
                missing.setdefault(owner.pk, []).append(
                    f"{item.metric_name} at {item.org_unit_name}"
                )
                owners[owner.pk] = owner
            for owner_id, metrics in missing.items():
                NarrativeReminder.objects.create(edition=edition, owner_id=owner_id)
                owner = owners[owner_id]
                transaction.on_commit(
                    partial(
                        _send_reminder, edition, owner.full_name, owner.email, metrics, base_url
                    )
                )
                sent += 1
    return sent


def _send_reminder(
    edition: Edition, name: str, email: str, metrics: list[str], base_url: str
) -> None:
    due = edition.narratives_due
    body = (
        f"Dear {name},\n\n"
        f"Your narratives for {edition} are due on {due:%-d %B %Y}. These metrics you own are "
        "exceptions and still need a complete narrative (what the chart shows, why, the "
        "actions with dates, and when improvement is expected):\n\n"
        + "".join(f"- {m}\n" for m in metrics)
        + f"\nWrite them here: {_link(edition, base_url)}\n"
    )
    send_mail(
        f"Reminder: narratives due {due:%-d %B}: {edition}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )


def run_schedule(*, today: dt.date | None = None, base_url: str = "") -> ScheduleRun:
    """Open the editions due today, then remind owners whose narratives are due soon."""
    run = open_due_editions(today=today, base_url=base_url)
    run.reminded = send_narrative_reminders(today=today, base_url=base_url)
    return run
