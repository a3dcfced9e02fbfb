"""Quality data: datasets, metrics, observations and SPC results."""

from django.db import models  # noqa: F401
