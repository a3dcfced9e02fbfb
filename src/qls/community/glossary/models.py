"""Models of the community's glossary (app label ``community``).

A ``Term`` of the trust's shared improvement language ("PDSA", "special
cause"), with its definition and other names it goes by ("Plan, Do, Study,
Act"). The improvement team keeps them; every page that runs text through
``glossary_links`` links the first mention of each to its definition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import text_limits
from qls.core.screening import validate_no_patient_identifiers

DEFINITION_MAX = 2_000


class Term(models.Model):
    term = models.CharField(
        max_length=100, unique=True, validators=[validate_no_patient_identifiers]
    )
    slug = models.SlugField(max_length=100, unique=True)
    definition = models.TextField(
        max_length=DEFINITION_MAX, validators=[validate_no_patient_identifiers]
    )
    aliases = models.CharField(
        "Also known as",
        max_length=300,
        blank=True,
        validators=[validate_no_patient_identifiers],
        help_text="Other names or spellings, separated by commas. Each is linked like the term.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        constraints = [*text_limits(definition=DEFINITION_MAX)]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("community:glossary_index") + f"#{self.anchor}"

    @property
    def letter(self) -> str:
        return self.term[:1].upper()

    @property
    def anchor(self) -> str:
        return f"term-{self.slug}"

    @property
    def names(self) -> list[str]:
        """The term and each of its other names."""
        return [self.term, *(a.strip() for a in self.aliases.split(",") if a.strip())]
