"""Cross-cutting permissions that belong to no one domain model."""

from __future__ import annotations

from django.db import models


class Capability(models.Model):
    """Holds permissions for whole areas of QLS; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_audit_history", "Can see the audit history of every record"),
            ("view_board_reports", "Can see board and executive reports"),
            ("redact_text", "Can remove a patient identifier from stored text and its history"),
        ]

    def __str__(self) -> str:
        return "QLS capability"
