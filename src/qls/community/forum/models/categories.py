"""Forum categories, set by the improvement team."""

from __future__ import annotations

from django.db import models

from qls.community.forum.models._common import REASON_MAX
from qls.core.limits import TITLE_MAX
from qls.core.screening import validate_no_patient_identifiers


class ForumCategory(models.Model):
    """A place to ask: QI tools, measurement and SPC, a strategic aim, a site."""

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        AIM = "aim", "Strategic aim"
        SITE = "site", "Site"

    name = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(
        max_length=REASON_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TOPIC)
    aim = models.ForeignKey(
        "organisation.StrategicAim", on_delete=models.PROTECT, null=True, blank=True
    )
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        db_table = "community_forum_category"

    def __str__(self) -> str:
        return self.name
