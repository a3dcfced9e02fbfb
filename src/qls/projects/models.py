"""The QI project registry: projects, driver diagrams, PDSA cycles, measures and evaluations."""

from django.db import models  # noqa: F401
