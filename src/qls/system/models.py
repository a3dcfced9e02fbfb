"""The quality risk register of the integrated care system.

Each risk belongs to one partner organisation; who may see it is decided by
``qls.system.tenancy``. The likelihood and consequence are kept in 1-5 by
the database as well as the form, and every change of escalation level is
an ``EscalationDecision`` row, never an edit in place.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.system.scoring import SCORE_MAX, SCORE_MIN, Band, Level, band, rating

REASON_MAX = 4_000


class QualityRisk(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        "organisation.Organisation", on_delete=models.PROTECT, related_name="quality_risks"
    )
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    description = models.TextField(
        max_length=LONG_TEXT_MAX, validators=[validate_no_patient_identifiers]
    )
    owner = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="quality_risks"
    )
    controls = models.TextField(
        max_length=LONG_TEXT_MAX,
        blank=True,
        help_text="What is already in place to reduce it",
        validators=[validate_no_patient_identifiers],
    )
    likelihood = models.PositiveSmallIntegerField()
    consequence = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.ROUTINE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    review_on = models.DateField("Next review")
    # The review date the owner was last reminded of: one e-mail per review date.
    reminded_for = models.DateField(null=True, blank=True)
    metrics = models.ManyToManyField("measurement.Metric", blank=True, related_name="+")
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="+")
    intelligence = models.ManyToManyField(
        "system.SoftIntelligence", blank=True, related_name="risks"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review_on", "title"]
        permissions = [
            ("escalate_qualityrisk", "Change a quality risk's escalation level"),
            ("view_every_organisation", "See every partner organisation's quality risks"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "review_on"])]
        constraints = [
            *text_limits(description=LONG_TEXT_MAX, controls=LONG_TEXT_MAX),
            models.CheckConstraint(
                condition=Q(likelihood__gte=SCORE_MIN, likelihood__lte=SCORE_MAX),
                name="%(app_label)s_%(class)s_likelihood_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(consequence__gte=SCORE_MIN, consequence__lte=SCORE_MAX),
                name="%(app_label)s_%(class)s_consequence_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="%(app_label)s_%(class)s_level_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("system:risk", args=[self.pk])

    @property
    def rating(self) -> int:
        return rating(self.likelihood, self.consequence)

    @property
    def band(self) -> Band:
        return band(self.rating)

    def review_overdue(self, today: dt.date | None = None) -> bool:
        if self.status != self.Status.OPEN:
            return False
        return self.review_on < (today or timezone.localdate())


class RiskAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    risk = models.ForeignKey(QualityRisk, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500, validators=[validate_no_patient_identifiers])
    owner = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("Due")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    def overdue(self, today: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())


class EscalationDecision(models.Model):
    """A change of a risk's escalation level: who decided, when, from what, to what and why."""

    risk = models.ForeignKey(QualityRisk, on_delete=models.CASCADE, related_name="decisions")
    from_level = models.CharField(max_length=20, choices=Level.choices)
    to_level = models.CharField(max_length=20, choices=Level.choices)
    reason = models.TextField(max_length=REASON_MAX, validators=[validate_no_patient_identifiers])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            *text_limits(reason=REASON_MAX),
            models.CheckConstraint(
                condition=~Q(from_level=models.F("to_level")),
                name="%(app_label)s_%(class)s_level_changes",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="%(app_label)s_%(class)s_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_level_display()} to {self.get_to_level_display()}"


# The learning and co-production records live in their own module, same label.
from qls.system.dashboard import models as dashboard  # noqa: F401  (registers Place)
from qls.system.learning import models as learning  # noqa: F401
from qls.system.meetings import models as meetings  # noqa: F401  (registers them)
from qls.system.warnings import models as warnings  # noqa: F401  (soft intelligence)
