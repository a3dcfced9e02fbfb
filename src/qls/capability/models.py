"""Improvement capability: QSIR courses, cohorts, self-efficacy, coaches, clinics and action learning sets."""

from django.db import models  # noqa: F401
