"""A person's role on a project's team."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.organisation.models import StaffMember
from qls.projects.models.project import Project


class ProjectMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Team member"
        SPONSOR = "sponsor", "Sponsor"
        COACH = "coach", "Coach"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="project_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role", "staff__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "staff", "role"], name="%(app_label)s_%(class)s_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} ({self.get_role_display()}, {self.project})"
