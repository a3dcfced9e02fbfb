"""Who may see and change training records, and the two checks all of learning uses.

``require`` (refuse without a permission) and ``staff_member_of`` (the
signed-in person's staff record, or None) are written here once; the
coaching rules in ``coaching/access.py`` use them too.

* Courses and cohorts: anyone with ``capability.view_course`` (all staff).
* A person's own enrolments, surveys and certificates: that person; the
  improvement team (``capability.manage_training``) sees everyone's.
  Someone else's enrolment is "not found", not "forbidden", so its
  existence is not advertised.
* Running cohorts, registers and partner participants:
  ``capability.manage_training``.

Views call one of these on their first line.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from qls.capability.models import Cohort, Enrolment, Participant, Session, SurveyResponse
from qls.capability.permissions import (
    MANAGE_TRAINING,
    NOMINATE,
    VIEW_TRAINING,
    VIEW_TRAINING_REPORTS,
)
from qls.organisation.models import StaffMember


def require(user: Any, perm: str) -> None:
    """Refuse (403) unless the user holds ``perm``."""
    if not user.has_perm(perm):
        raise PermissionDenied


def staff_member_of(user: Any) -> StaffMember | None:
    """The user's staff directory record, or None (anonymous, partners, admins without one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_member
    except (ObjectDoesNotExist, AttributeError):
        return None


def participant_of(user: Any) -> Participant | None:
    staff = staff_member_of(user)
    if staff is None:
        return None
    return Participant.objects.filter(staff=staff).first()


def can_manage(user: Any) -> bool:
    return user.has_perm(MANAGE_TRAINING)


def can_nominate(user: Any) -> bool:
    return user.has_perm(NOMINATE)


def can_see_reports(user: Any) -> bool:
    return user.has_perm(VIEW_TRAINING_REPORTS)


def get_cohort(user: Any, pk: int) -> Cohort:
    require(user, VIEW_TRAINING)
    return get_object_or_404(Cohort.objects.select_related("course", "site", "programme"), pk=pk)


def get_managed_cohort(user: Any, pk: int) -> Cohort:
    require(user, MANAGE_TRAINING)
    return get_object_or_404(Cohort.objects.select_related("course", "site"), pk=pk)


def get_managed_session(user: Any, pk: int) -> Session:
    require(user, MANAGE_TRAINING)
    return get_object_or_404(Session.objects.select_related("cohort__course"), pk=pk)


def is_own(user: Any, enrolment: Enrolment) -> bool:
    staff = staff_member_of(user)
    return staff is not None and enrolment.participant.staff_id == staff.pk


def get_enrolment(user: Any, pk: int, *, own_only: bool = False) -> Enrolment:
    """The enrolment if it is the user's own (or, unless ``own_only``, the user manages training)."""
    require(user, VIEW_TRAINING)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related(
            "cohort__course", "cohort__site", "participant__staff", "participant__organisation"
        ),
        pk=pk,
    )
    if is_own(user, enrolment) or (not own_only and can_manage(user)):
        return enrolment
    raise Http404("No such enrolment")


def get_own_survey(user: Any, pk: int) -> SurveyResponse:
    require(user, VIEW_TRAINING)
    response = get_object_or_404(
        SurveyResponse.objects.select_related(
            "enrolment__participant", "enrolment__cohort__course"
        ),
        pk=pk,
    )
    if not is_own(user, response.enrolment):
        raise Http404("No such survey")
    return response
