"""Which organisation of the integrated care system a person belongs to.

Every app that limits what a partner's people see (the measurement pages and
API by shared metrics, the system's risk register) starts from here.
"""

from __future__ import annotations

from typing import Any

from qls.organisation.models import Organisation, StaffMember


def organisation_of(user: Any) -> Organisation | None:
    """The user's organisation: their staff record's, or the host trust without one."""
    try:
        member = user.staff_member
    except (AttributeError, StaffMember.DoesNotExist):
        member = None
    if member is not None:
        return member.organisation
    return host_organisation()


def host_organisation() -> Organisation | None:
    return Organisation.objects.filter(is_host=True).first()
