"""One person on the staff directory."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.organisation.models.organisation import Organisation
from qls.organisation.models.site import Site
from qls.organisation.models.staff_groups import BANDS, CLINICAL_STAFF_GROUPS, StaffGroup
from qls.organisation.models.ward import Ward


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
