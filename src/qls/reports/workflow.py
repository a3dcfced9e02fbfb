"""The life of an edition: open → narratives complete → approved → published.

Each step is an action (keyword-only, one transaction) that refuses with a
``ReportError`` subclass when the edition is not ready for it. Every change
is saved through the model, so django-simple-history keeps who and when.

- ``open_edition`` freezes the data and emails each owner of an exception a
  link to write their narrative.
- ``refresh_snapshot`` re-reads the data of an open edition (a late import);
  it goes back to draft, since new exceptions may need narratives.
- ``mark_complete`` and ``publish`` refuse while any exception lacks a full
  narrative, listing them.
- ``approve`` is for the report's executive lead or an administrator only.
- ``publish`` queues the builds of the PDF and the deck, kept with the
  published edition; any change to an open draft marks its built files out
  of date (``qls.reports.files``).
- ``correct`` starts a new version of a published edition, with a reason; the
  published one is kept as it was.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qls.reports import files
from qls.reports.errors import (
    DuplicateEditionError,
    MissingNarrativesError,
    NotApproverError,
    PublishedEditionError,
    WrongStatusError,
)
from qls.reports.models import Edition, EditionItem, EditionStatus, ItemKind, Narrative, Report
from qls.reports.periods import cutoff_for
from qls.reports.permissions import APPROVE_ANY
from qls.reports.snapshot import take_snapshot


def missing_narratives(edition: Edition) -> list[str]:
    """Each exception without a complete narrative, as "metric at unit (owner)"."""
    missing = []
    items = edition.items.filter(kind=ItemKind.EXCEPTION).select_related("narrative", "owner")
    for item in items:
        narrative = getattr(item, "narrative", None)
        if narrative is None or not narrative.is_complete:
            owner = f" ({item.owner.full_name})" if item.owner else ""
            missing.append(f"{item.metric_name} at {item.org_unit_name}{owner}")
    return missing


@transaction.atomic
def open_edition(
    *, report: Report, period: dt.date, by: Any, today: dt.date | None = None, base_url: str = ""
) -> Edition:
    """Open a draft edition of ``report`` for the month starting ``period``."""
    today = today or timezone.localdate()
    cutoff = cutoff_for(period, today)
    if Edition.objects.filter(report=report, period=period).exists():
        raise DuplicateEditionError(
            f"{report.name} already has an edition for {period:%B %Y}. Open that one, or "
            "correct it if it is published."
        )
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                report=report,
                period=period,
                cutoff=cutoff,
                created_by=by,
                narratives_due=today + dt.timedelta(days=report.narratives_due_days),
            )
    except IntegrityError as error:  # a second request got there first
        raise DuplicateEditionError(
            f"{report.name} already has an edition for {period:%B %Y}."
        ) from error
    take_snapshot(edition)
    _email_owners(edition, base_url)
    return edition


def _email_owners(edition: Edition, base_url: str) -> None:
    """One email per owner of exceptions, with a link to the edition, after commit."""
    base = (base_url or getattr(settings, "QLS_BASE_URL", "") or "http://localhost:8000").rstrip(
        "/"
    )
    link = base + reverse("reports:edition", args=[edition.pk])
    by_owner: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for item in edition.items.filter(kind=ItemKind.EXCEPTION).select_related("owner"):
        owner = item.owner
        if owner is None or not owner.email:
            continue
        by_owner.setdefault(owner.email, []).append(f"{item.metric_name} at {item.org_unit_name}")
        names[owner.email] = owner.full_name
    subject = f"Narrative needed: {edition}"
    for email, metrics in by_owner.items():
        body = (
            f"Dear {names[email]},\n\n"
            f"The draft of {edition} is open. These metrics you own are exceptions and need "
            "your narrative (what the chart shows, why, the actions with dates, and when "
            "improvement is expected):\n\n"
            + "".join(f"- {m}\n" for m in metrics)
            + f"\nWrite them here: {link}\n"
        )
        transaction.on_commit(
            partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        )


def _refuse_unless(edition: Edition, *statuses: str) -> None:
    if edition.is_published:
        raise PublishedEditionError(
            "This edition is published and cannot be changed. Correct it with a new version."
        )
    if edition.status not in statuses:
        wanted = " or ".join(EditionStatus(s).label.lower() for s in statuses)
        raise WrongStatusError(
            f"This edition is {edition.get_status_display().lower()}; this step needs it "
            f"to be {wanted}."
        )


def _set_status(edition: Edition, status: str, **fields: Any) -> Edition:
    files.mark_out_of_date(edition)  # a file shows the status and the approver
    edition.status = status
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.save(update_fields=["status", *fields])
    return edition


@transaction.atomic
def refresh_snapshot(*, edition: Edition, by: Any) -> Edition:
    """Re-read an open edition's data up to its cut-off; back to draft."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _refuse_unless(edition, EditionStatus.DRAFT, EditionStatus.COMPLETE)
    take_snapshot(edition)
    return _set_status(edition, EditionStatus.DRAFT)


@transaction.atomic
def save_narrative(*, item: EditionItem, by: Any, **text: str) -> Narrative:
    """Write or rewrite an item's narrative while its edition is open."""
    edition = Edition.objects.select_for_update().get(pk=item.edition_id)
    _refuse_unless(edition, EditionStatus.DRAFT, EditionStatus.COMPLETE)
    narrative = Narrative.objects.filter(item=item).first() or Narrative(item=item)
    for name, value in text.items():
        setattr(narrative, name, value.strip())
    narrative.written_by = by
    narrative.full_clean()
    narrative.save()
    files.mark_out_of_date(edition)
    if edition.status == EditionStatus.COMPLETE and missing_narratives(edition):
        _set_status(edition, EditionStatus.DRAFT)
    return narrative


@transaction.atomic
def mark_complete(*, edition: Edition, by: Any) -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _refuse_unless(edition, EditionStatus.DRAFT)
    if missing := missing_narratives(edition):
        raise MissingNarrativesError(missing)
    return _set_status(edition, EditionStatus.COMPLETE)


def can_approve(edition: Edition, user: Any) -> bool:
    lead = edition.report.executive_lead
    return bool(
        user.is_authenticated
        and ((lead.user_id and lead.user_id == user.pk) or user.has_perm(APPROVE_ANY))
    )


@transaction.atomic
def approve(*, edition: Edition, by: Any) -> Edition:
    edition = (
        Edition.objects.select_for_update(of=("self",))
        .select_related("report__executive_lead")
        .get(pk=edition.pk)
    )
    if not can_approve(edition, by):
        raise NotApproverError(
            f"Only the executive lead named on the report ({edition.report.executive_lead}) "
            "or an administrator can approve this edition."
        )
    _refuse_unless(edition, EditionStatus.COMPLETE)
    return _set_status(
        edition,
        EditionStatus.APPROVED,
        approved_by=by,
        approved_by_name=by.get_full_name() or by.get_username(),
        approved_at=timezone.now(),
    )


@transaction.atomic
def publish(*, edition: Edition, by: Any) -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise PublishedEditionError("This edition is already published.")
    # Checked first: the refusal names what is missing, whatever the step.
    if missing := missing_narratives(edition):
        raise MissingNarrativesError(missing)
    _refuse_unless(edition, EditionStatus.APPROVED)
    _set_status(edition, EditionStatus.PUBLISHED, published_at=timezone.now())
    files.queue_published(edition, by)
    return edition


@transaction.atomic
def correct(*, edition: Edition, by: Any, reason: str) -> Edition:
    """A new draft version of a published edition, with the same frozen data and narratives."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_published:
        raise WrongStatusError("Only a published edition is corrected; change the draft itself.")
    if edition.corrections.exists():
        raise DuplicateEditionError("This edition already has a correction; correct that one.")
    latest = Edition.objects.filter(report_id=edition.report_id, period=edition.period)
    version = max(latest.values_list("version", flat=True)) + 1
    copy = Edition(
        report_id=edition.report_id,
        period=edition.period,
        cutoff=edition.cutoff,
        version=version,
        correction_of=edition,
        correction_reason=reason.strip(),
        snapshot_at=edition.snapshot_at,
        capability=edition.capability,
        created_by=by,
    )
    copy.full_clean()
    copy.save()
    old_items = list(edition.items.select_related("narrative"))
    new_items = []
    for item in old_items:
        new = EditionItem(
            **{
                f.attname: getattr(item, f.attname)
                for f in EditionItem._meta.concrete_fields
                if f.attname not in ("id", "edition_id")
            },
            edition=copy,
        )
        new_items.append(new)
    EditionItem.objects.bulk_create(new_items)
    for old, new in zip(old_items, new_items, strict=True):
        narrative = getattr(old, "narrative", None)
        if narrative is not None:
            Narrative.objects.create(
                item=new,
                chart_shows=narrative.chart_shows,
                why=narrative.why,
                actions=narrative.actions,
                expected=narrative.expected,
                written_by=narrative.written_by,
            )
    return copy
