"""Improvement capability: QSIR courses, cohorts, self-efficacy, coaches, clinics and action learning sets."""
