"""A report definition, its audience and its monthly schedule."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember

RESERVED_SLUGS = frozenset({"new", "editions"})

# The schedule: a draft opens on a day every month has (1-28), and the
# narratives are due a number of days later, long enough for a reminder
# three days before the due date to come after the draft opened.
LAST_OPENING_DAY = 28
REMINDER_DAYS_BEFORE_DUE = 3
MIN_DUE_DAYS = REMINDER_DAYS_BEFORE_DUE + 1
MAX_DUE_DAYS = 28


class Audience(models.TextChoices):
    BOARD = "board", "Trust board"
    COMMITTEE = "committee", "Board committee"
    SITE = "site", "Site"
    DIVISION = "division", "Division"


class Report(models.Model):
    """A report definition: what goes in it, for whom, and who approves it."""

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    slug = models.SlugField(max_length=80, unique=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    executive_lead = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="led_reports",
        help_text="Approves each edition before it is published.",
    )
    opens_on_day = models.PositiveSmallIntegerField(
        "Day of the month the next draft opens",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(LAST_OPENING_DAY)],
        help_text="1 to 28. On this day QLS opens the draft for the month just ended and "
        "emails the owners of exceptions. Leave empty to open editions by hand.",
    )
    narratives_due_days = models.PositiveSmallIntegerField(
        "Days owners have to write their narratives",
        default=10,
        validators=[MinValueValidator(MIN_DUE_DAYS), MaxValueValidator(MAX_DUE_DAYS)],
        help_text=f"{MIN_DUE_DAYS} to {MAX_DUE_DAYS}, counted from the day the draft opens. "
        f"Owners still missing a narrative are reminded {REMINDER_DAYS_BEFORE_DUE} days "
        "before it is due.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [("approve_any_edition", "Approve any report's edition")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug__in=sorted(RESERVED_SLUGS)),
                name="%(app_label)s_%(class)s_slug_not_reserved",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_on_day__isnull=True)
                | models.Q(opens_on_day__gte=1, opens_on_day__lte=LAST_OPENING_DAY),
                name="%(app_label)s_%(class)s_opens_on_a_day_every_month_has",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    narratives_due_days__gte=MIN_DUE_DAYS, narratives_due_days__lte=MAX_DUE_DAYS
                ),
                name="%(app_label)s_%(class)s_narratives_due_days_in_range",
            ),
            *text_limits(description=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.slug])
