"""Pieces shared by the metric and data set forms: picking an owner by staff
number, and checking that a date starts one of the metric's periods."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from qls.core import periods
from qls.measurement.models import Metric
from qls.organisation.models import StaffMember


class _OwnerMixin:
    """An owner picked by staff number: the directory is too big for a list."""

    def _clean_owner_number(self) -> StaffMember | None:
        number = (self.cleaned_data.get("owner_number") or "").strip()  # type: ignore[attr-defined]
        if not number:
            return None
        owner = StaffMember.objects.filter(staff_number=number).first()
        if owner is None:
            raise ValidationError(f"No one in the staff directory has staff number {number}")
        return owner


def check_period_start(metric: Metric, period: dt.date) -> dt.date:
    """Refuse a date that does not start a period of the metric's frequency."""
    if metric.frequency == "week" and period.isoweekday() != 1:
        raise ValidationError("Weekly periods start on a Monday: choose a Monday")
    if metric.frequency == "month" and period.day != 1:
        raise ValidationError("Monthly periods start on the 1st: choose the 1st of a month")
    problem = periods.period_problem(period, metric.frequency)
    if problem:
        raise ValidationError(problem[:1].upper() + problem[1:])
    return period
