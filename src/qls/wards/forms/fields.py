"""Fields and people choices the ward programme's forms share."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from qls.organisation.models import StaffMember, Ward


class StaffChoiceField(forms.ModelChoiceField):
    """A member of staff chosen by staff number (the select lists active staff)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", StaffMember.objects.filter(active=True))
        kwargs.setdefault("to_field_name", "staff_number")
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.job_role} ({obj.staff_number})"


def ward_people(ward: Ward):
    """Who a ward's follow-ups can name: its own staff and anyone with a QLS log-in.

    A full trust has 14,000 staff; a select of all of them is unusable.
    """
    return (
        StaffMember.objects.filter(active=True)
        .filter(Q(ward=ward) | Q(user__isnull=False))
        .order_by("last_name", "first_name")
    )


def facilitators():
    """People who may run events: those whose roles carry the run-events permission."""
    return (
        StaffMember.objects.filter(
            active=True,
            user__groups__permissions__codename="run_events",
            user__groups__permissions__content_type__app_label="wards",
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)
