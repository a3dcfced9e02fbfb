"""A fix the ward's own staff will do, from an issue or a failed audit standard."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember, Ward
from qls.wards.models.issues import Issue


class Action(models.Model):
    """A fix: something the ward's own staff will do, with an owner and a date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    # Where the action came from: an issue raised at an engagement event, or a
    # standard an accreditation audit found failed (exactly one of the two).
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    audit_answer = models.ForeignKey(
        "AuditAnswer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="failed standard",
    )
    description = models.TextField(
        validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="ward_actions")
    due = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="done") & models.Q(done_at__isnull=False))
                | (~models.Q(status="done") & models.Q(done_at__isnull=True)),
                name="%(app_label)s_%(class)s_done_dated",
            ),
            models.CheckConstraint(
                condition=(models.Q(issue__isnull=False) & models.Q(audit_answer__isnull=True))
                | (models.Q(issue__isnull=True) & models.Q(audit_answer__isnull=False)),
                name="%(app_label)s_%(class)s_one_source",
            ),
            # A failed standard gets one action per audit (NULLs, issue actions, are distinct).
            models.UniqueConstraint(
                fields=["audit_answer"], name="%(app_label)s_%(class)s_once_per_standard"
            ),
            *text_limits(description=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def ward(self) -> Ward:
        """The ward the action is for, whichever its source (select the path you read)."""
        if self.audit_answer_id:
            return self.audit_answer.audit.ward
        return self.issue.event.journey.ward

    @property
    def source_url(self) -> str:
        """Where the action is followed up: its issue, or the audit that found the standard."""
        if self.audit_answer_id:
            return reverse("wards:audit", args=[self.audit_answer.audit_id]) + (
                f"#standard-{self.audit_answer.question_id}"
            )
        return reverse("wards:issue", args=[self.issue_id])

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != self.Status.DONE and self.due < today
