"""API tokens that let a program read (or push to) the API as its user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers


class ApiToken(models.Model):
    """A secret that lets a program call the API as its user.

    Only a SHA-256 hash is stored; the token itself is shown once when made.
    ``last_used`` is written with ``QuerySet.update`` to keep it out of the history.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100,
        help_text="What the token is for, e.g. Power BI.",
        validators=[validate_no_patient_identifiers],
    )
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise it by.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
