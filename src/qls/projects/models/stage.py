"""A project's stages, in the order a project moves through them."""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    SCOPING = "scoping", "Scoping"
    TESTING = "testing", "Testing"
    IMPLEMENTING = "implementing", "Implementing"
    SUSTAINING = "sustaining", "Sustaining"
    CLOSED = "closed", "Closed"


# Order of the stages; moving to any stage after scoping needs the coach's approval.
STAGE_ORDER = [s.value for s in Stage]
