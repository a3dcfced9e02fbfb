"""Organisation structure: who the trust and its partners are, where they
work, and what the trust is trying to achieve (strategic aims, quality domains).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.models import FileJob
from qls.core.screening import validate_no_patient_identifiers


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TRUST = "trust", "NHS trust"
        ICB = "icb", "Integrated care board"
        COUNCIL = "council", "Local authority"
        VOLUNTARY = "voluntary", "Voluntary sector"
        PRIMARY_CARE = "primary_care", "Primary care"
        OTHER = "other", "Other partner"

    code = models.CharField(max_length=20, unique=True, help_text="ODS code or a local code")
    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_host = models.BooleanField(
        default=False, help_text="The trust that runs this QLS (exactly one organisation)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_host", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_host"],
                condition=models.Q(is_host=True),
                name="%(app_label)s_%(class)s_one_host",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:organisation", args=[self.code])


class Site(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    town = models.CharField(
        max_length=100, blank=True, validators=[validate_no_patient_identifiers]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:site", args=[self.code])


class Specialty(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="Main specialty code")
    name = models.CharField(
        max_length=100, unique=True, validators=[validate_no_patient_identifiers]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """A ward or other unit (theatre, department, clinic) at one site."""

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        DEPARTMENT = "department", "Department"
        CRITICAL_CARE = "critical_care", "Critical care unit"
        THEATRES = "theatres", "Theatres"
        OUTPATIENTS = "outpatients", "Outpatients"
        SUPPORT = "support", "Support service"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="wards")
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WARD)
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, null=True, blank=True, related_name="wards"
    )
    beds = models.PositiveSmallIntegerField(null=True, blank=True)
    in_programme = models.BooleanField(
        default=False, help_text="Part of the ward improvement programme."
    )
    active = models.BooleanField(default=True)
    manager = models.ForeignKey(
        "StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_wards",
        help_text="The ward sister or charge nurse: sorts the ward's issues and follows them up.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["site__name", "name"]
        permissions = [("set_ward_manager", "Can name a ward's manager")]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="%(app_label)s_%(class)s_unique_name_per_site"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site.name})"

    def get_absolute_url(self) -> str:
        return reverse("organisation:ward", args=[self.code])


class StaffGroup(models.TextChoices):
    """Staff groups as an Electronic Staff Record extract names them."""

    ADD_PROF_SCIENTIFIC = (
        "Add Prof Scientific and Technic",
        "Additional professional scientific and technical",
    )
    ADDITIONAL_CLINICAL = "Additional Clinical Services", "Additional clinical services"
    ADMIN_CLERICAL = "Administrative and Clerical", "Administrative and clerical"
    AHP = "Allied Health Professionals", "Allied health professionals"
    ESTATES = "Estates and Ancillary", "Estates and ancillary"
    HEALTHCARE_SCIENTISTS = "Healthcare Scientists", "Healthcare scientists"
    MEDICAL_DENTAL = "Medical and Dental", "Medical and dental"
    NURSING_MIDWIFERY = "Nursing and Midwifery Registered", "Nursing and midwifery (registered)"
    STUDENTS = "Students", "Students"


CLINICAL_STAFF_GROUPS = frozenset(
    {
        StaffGroup.ADD_PROF_SCIENTIFIC,
        StaffGroup.ADDITIONAL_CLINICAL,
        StaffGroup.AHP,
        StaffGroup.HEALTHCARE_SCIENTISTS,
        StaffGroup.MEDICAL_DENTAL,
        StaffGroup.NURSING_MIDWIFERY,
    }
)

# Agenda for Change bands plus the pay scales an ESR extract uses for others.
BANDS = (
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "Medical",
    "Executive",
    "Apprentice",
    "Non-AfC",
)


class StaffMember(models.Model):
    """One person on the staff directory, as loaded from an ESR-style extract.

    Partner organisations' people (ICB, council, voluntary sector) can be here
    too, with their organisation set and no site.
    """

    staff_number = models.CharField(max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    staff_group = models.CharField(max_length=40, choices=StaffGroup.choices)
    job_role = models.CharField(max_length=100)
    band = models.CharField(max_length=20, choices=[(b, b) for b in BANDS])
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        permissions = [("import_staff", "Can import staff from an ESR extract")]
        indexes = [models.Index(fields=["last_name", "first_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ward__isnull=True) | models.Q(site__isnull=False),
                name="%(app_label)s_%(class)s_ward_needs_site",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_clinical(self) -> bool:
        return self.staff_group in CLINICAL_STAFF_GROUPS


class StrategicAim(models.Model):
    """One of the trust's strategic aims; every QI project links to one or more."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class QualityDomain(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(
        max_length=100, unique=True, validators=[validate_no_patient_identifiers]
    )
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name


class DemoBuild(models.Model):
    """Marks a database as built by ``manage.py demo``, and with what settings.

    The demo command compares its own settings with this row and skips the
    rebuild when they match, so ``make demo`` can run it on every start.
    """

    signature = models.CharField(max_length=500)
    scale = models.CharField(max_length=20)
    seed = models.IntegerField()
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Demo data ({self.scale}, seed {self.seed})"


class StaffImport(FileJob):
    """One staff import: which file, who, when, its progress, and what changed.

    An upload is run by a background job (see staff_import.run_staff_job);
    a refused file leaves a failed row with its problems by line, and no
    change to the staff directory.
    """

    filename = models.CharField(max_length=255, validators=[validate_no_patient_identifiers])
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    ignored_columns = models.JSONField(
        default=list, blank=True, help_text="Header names of columns QLS does not use."
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def get_absolute_url(self) -> str:
        return reverse("organisation:staff_import_run", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%Y-%m-%d %H:%M})"
