"""The ward improvement programme and ward accreditation."""

from django.db import models  # noqa: F401
