"""What a person must act on in the ward programme, for My work (see ``qls.core.work``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from qls.core.periods import add_months
from qls.core.work import SHOWN, WorkItem, WorkSection, first_rows, register
from qls.organisation.models import Ward
from qls.wards import permissions as perms
from qls.wards.models import Action, Audit, Escalation, Issue
from qls.wards.models.issues import Category


def my_actions(user: Any, today: dt.date | None = None) -> WorkSection | None:
    """Ward actions I own (fixes and failed standards) not done yet, overdue ones first."""
    today = today or timezone.localdate()
    queryset = (
        Action.objects.filter(owner__user=user)
        .exclude(status=Action.Status.DONE)
        .select_related("issue__event__journey__ward", "audit_answer__audit__ward")
        .annotate(
            late=Case(
                When(due__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("late", "due", "pk")
    )
    total, rows = first_rows(queryset)
    return WorkSection(
        key="actions",
        title="Ward actions I own",
        count=total,
        items=[
            WorkItem(
                text=action.description,
                url=action.source_url,
                detail=f"{action.ward.name}, due {action.due:%-d %b %Y}"
                + (" (overdue)" if action.due < today else "")
                + f", {action.get_status_display().lower()}",
                overdue=action.due < today,
            )
            for action in rows
        ],
        more_url=reverse("wards:actions") + "?mine=1",
        more_text="All actions I own",
        order=30,
    )


def my_escalations(user: Any) -> WorkSection | None:
    """Changes escalated to me that still wait for "we did", oldest first."""
    queryset = (
        Escalation.objects.filter(owner__user=user, responded_at__isnull=True)
        .select_related("issue__event__journey__ward")
        .order_by("created_at", "pk")
    )
    total, rows = first_rows(queryset)
    can_respond = user.has_perm(perms.RUN_EVENTS)
    return WorkSection(
        key="escalations",
        title="Escalations I own",
        count=total,
        items=[
            WorkItem(
                text=escalation.issue.text,
                url=reverse("wards:respond", args=[escalation.pk])
                if can_respond
                else reverse("wards:issue", args=[escalation.issue_id]),
                detail=f"{escalation.issue.event.journey.ward.name}, to the "
                f"{escalation.get_level_display().lower()} since {escalation.created_at:%-d %b %Y}",
            )
            for escalation in rows
        ],
        more_url=reverse("wards:we_said_we_did") + "?show=waiting",
        more_text="Every escalation waiting for a response",
        order=31,
    )


def issues_to_sort(user: Any) -> WorkSection | None:
    """Unsorted issues raised at events of the wards I manage or the events I facilitate."""
    queryset = (
        Issue.objects.filter(duplicate_of__isnull=True, category=Category.UNCATEGORISED)
        .filter(
            Q(event__journey__ward__manager__user=user)
            | Q(event__facilitator__user=user)
            | Q(event__journey__facilitator__user=user)
        )
        .exclude(status=Issue.Status.NOT_TAKEN_FORWARD)
        .select_related("event__journey__ward")
        .order_by("submitted_at", "pk")
    )
    total, rows = first_rows(queryset)
    return WorkSection(
        key="issues",
        title="Issues from my ward's events to sort",
        count=total,
        items=[
            WorkItem(
                text=issue.text,
                url=reverse("wards:event", args=[issue.event_id]) + f"#issue-{issue.pk}",
                detail=f"{issue.event.journey.ward.name}, raised {issue.submitted_at:%-d %b %Y}",
            )
            for issue in rows
        ],
        more_url=reverse("wards:event", args=[rows[0].event_id]) if rows else "",
        more_text="Sort them on the event's page: fix, improve or change",
        order=25,
    )


# An audit coming due this soon is shown with the overdue ones.
DUE_SOON_DAYS = 14


def audits_due(user: Any, today: dt.date | None = None) -> WorkSection | None:
    """Programme wards whose re-audit is due soon or overdue, for those who audit
    (never their own ward: accreditation is a peer audit). One query."""
    if not user.has_perm(perms.RUN_AUDITS):
        return None
    today = today or timezone.localdate()
    last = Audit.objects.filter(ward=OuterRef("pk"), status=Audit.Status.SUBMITTED).order_by(
        "-date", "-pk"
    )
    wards = (
        Ward.objects.filter(in_programme=True, active=True)
        .exclude(staff__user=user)  # nobody audits the ward they work on
        .select_related("site")
        .annotate(
            last_date=Subquery(last.values("date")[:1]),
            months=Subquery(last.values("template__reaudit_months")[:1]),
        )
        .filter(last_date__isnull=False)
    )
    due = []
    for ward in wards:
        next_due = add_months(ward.last_date, ward.months)
        if next_due <= today + dt.timedelta(days=DUE_SOON_DAYS):
            due.append((next_due, ward))
    due.sort(key=lambda pair: (pair[0], pair[1].name))
    return WorkSection(
        key="audits",
        title="Accreditation audits due",
        count=len(due),
        items=[
            WorkItem(
                text=f"{ward.name}, {ward.site.name}",
                url=reverse("wards:accreditation_ward", args=[ward.code]),
                detail=("Overdue since " if next_due < today else "Due ")
                + f"{next_due:%-d %b %Y}; last audited {ward.last_date:%-d %b %Y}",
                overdue=next_due < today,
            )
            for next_due, ward in due[:SHOWN]
        ],
        more_url=reverse("wards:accreditation"),
        more_text="The accreditation board",
        order=35,
    )


def register_sections() -> None:
    register("wards.audits", audits_due)
    register("wards.issues", issues_to_sort)
    register("wards.actions", my_actions)
    register("wards.escalations", my_escalations)
