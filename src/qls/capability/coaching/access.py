"""Who may see and change coaching, clinic, set and programme records: the one place.

* Everyone with a role may read the coach directory, the competency
  framework, clinics, sets and programmes, book and cancel their own clinic
  bookings and submit their own competency evidence.
* A coach records attendance and outcomes for the clinic slots they are
  allocated to (``record_clinic_outcomes``), and sees the competency records
  of the people they mentor.
* A set's facilitator schedules its meetings and takes its attendance.
* The improvement team (and admins) manage everything; only the faculty
  (``sign_off_competency``, the improvement team) sign off evidence.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from qls.capability.access import staff_member_of
from qls.capability.models import (
    ActionLearningSet,
    ClinicBooking,
    ClinicSlot,
    CompetencyEvidence,
    MentorPairing,
)
from qls.capability.permissions import (
    MANAGE_CLINICS,
    MANAGE_COACHING,
    MANAGE_SETS,
    RECORD_CLINIC_OUTCOMES,
    SIGN_OFF_COMPETENCY,
)
from qls.organisation.models import StaffMember


def is_slot_coach(user: Any, slot: ClinicSlot) -> bool:
    return slot.coach is not None and slot.coach.staff.user_id == user.pk


def can_record_outcome(user: Any, slot: ClinicSlot) -> bool:
    if user.has_perm(MANAGE_CLINICS):
        return True
    return user.has_perm(RECORD_CLINIC_OUTCOMES) and is_slot_coach(user, slot)


def get_booking_for_owner(request: Any, pk: int) -> ClinicBooking:
    """A booking its holder (or a clinic manager) may cancel; 404 for anyone else."""
    booking = get_object_or_404(
        ClinicBooking.objects.select_related("slot__clinic", "staff"), pk=pk
    )
    if booking.staff.user_id == request.user.pk or request.user.has_perm(MANAGE_CLINICS):
        return booking
    raise PermissionDenied


def get_booking_for_outcome(request: Any, pk: int) -> ClinicBooking:
    booking = get_object_or_404(
        ClinicBooking.objects.select_related("slot__clinic", "slot__coach__staff", "staff"),
        pk=pk,
    )
    if not can_record_outcome(request.user, booking.slot):
        raise PermissionDenied
    return booking


def mentors_of(staff: StaffMember) -> set[int]:
    return set(
        MentorPairing.objects.filter(mentee=staff, ended__isnull=True).values_list(
            "mentor__user_id", flat=True
        )
    )


def can_view_record(user: Any, staff: StaffMember) -> bool:
    """A competency record: its owner, their mentors, coach managers and faculty."""
    if staff.user_id is not None and staff.user_id == user.pk:
        return True
    if user.has_perm(MANAGE_COACHING) or user.has_perm(SIGN_OFF_COMPETENCY):
        return True
    return user.pk in mentors_of(staff)


def get_evidence(request: Any, pk: int) -> CompetencyEvidence:
    evidence = get_object_or_404(
        CompetencyEvidence.objects.select_related("staff", "competency__level"), pk=pk
    )
    if not can_view_record(request.user, evidence.staff):
        raise PermissionDenied
    return evidence


def can_run_set(user: Any, learning_set: ActionLearningSet) -> bool:
    if user.has_perm(MANAGE_SETS):
        return True
    return learning_set.facilitator.user_id == user.pk


def can_read_set_notes(user: Any, learning_set: ActionLearningSet) -> bool:
    """Meeting notes are for the set: its members, facilitator and the set managers."""
    if can_run_set(user, learning_set):
        return True
    staff = staff_member_of(user)
    return staff is not None and learning_set.members.filter(pk=staff.pk).exists()


def get_runnable_set(request: Any, pk: int) -> ActionLearningSet:
    learning_set = get_object_or_404(ActionLearningSet.objects.select_related("facilitator"), pk=pk)
    if not can_run_set(request.user, learning_set):
        raise PermissionDenied
    return learning_set
