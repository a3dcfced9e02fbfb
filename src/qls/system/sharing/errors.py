"""What can go wrong when sharing a metric, one class per kind."""

from __future__ import annotations


class AgreementRefused(ValueError):
    """An agreement document that is not a PDF or Word file, too large, or empty."""
