"""Coaches and mentors: competency evidence and sign-off, coach assignment, mentor pairings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from qls.capability.coaching.errors import CoachUnavailableError, PairingError, SignOffError
from qls.capability.models import Coach, Competency, CompetencyEvidence, MentorPairing
from qls.capability.permissions import SIGN_OFF_COMPETENCY
from qls.organisation.models import StaffMember
from qls.projects import actions as projects_actions
from qls.projects.models import Project, ProjectMember


def assign_coach(*, coach: Coach, project: Project, by: Any = None) -> ProjectMember:
    """Add ``coach`` to ``project``'s team as its coach, within the coach's capacity.

    The coach row is locked so two assignments made at once cannot both take
    the last place. The team row is written by the project registry's action.
    """
    with transaction.atomic():
        coach = Coach.objects.select_for_update().select_related("staff").get(pk=coach.pk)
        if not coach.active:
            raise CoachUnavailableError(f"{coach} is not an active coach.")
        if project.is_closed:
            raise CoachUnavailableError(f"{project} is closed, so it needs no coach.")
        if ProjectMember.objects.filter(
            project=project, staff=coach.staff, role=ProjectMember.Role.COACH
        ).exists():
            raise CoachUnavailableError(f"{coach} already coaches {project}.")
        used = coach.coached_projects().count()
        if used >= coach.capacity:
            raise CoachUnavailableError(
                f"{coach} is at capacity ({used} of {coach.capacity} projects). "
                "Choose another coach or raise their capacity first."
            )
        return projects_actions.add_coach(project=project, staff=coach.staff, by=by)


def submit_evidence(
    *,
    staff: StaffMember,
    competency: Competency,
    file: UploadedFile | None,
    note: str,
    by: Any = None,
) -> CompetencyEvidence:
    if not file and not note.strip():
        raise SignOffError("Upload a file or describe the evidence (or both).")
    with transaction.atomic():
        evidence = CompetencyEvidence(
            staff=staff, competency=competency, note=note, submitted_by=by
        )
        if file:
            evidence.file = file
        evidence.save()
    return evidence


def decide_evidence(
    *, evidence: CompetencyEvidence, sign_off: bool, comment: str = "", by: Any
) -> CompetencyEvidence:
    """Sign off (or return) evidence; only faculty may, and never their own."""
    if not by.has_perm(SIGN_OFF_COMPETENCY):
        raise SignOffError("Only faculty members can sign off competency evidence.")
    with transaction.atomic():
        evidence = CompetencyEvidence.objects.select_for_update().get(pk=evidence.pk)
        if evidence.status != CompetencyEvidence.Status.SUBMITTED:
            raise SignOffError(f"This evidence is already {evidence.get_status_display().lower()}.")
        if evidence.staff.user_id is not None and evidence.staff.user_id == by.pk:
            raise SignOffError("You cannot sign off your own evidence; ask another faculty member.")
        if not sign_off and not comment.strip():
            raise SignOffError("Say what more evidence is needed when returning it.")
        evidence.status = (
            CompetencyEvidence.Status.SIGNED_OFF if sign_off else CompetencyEvidence.Status.RETURNED
        )
        evidence.signed_off_by = by
        evidence.signed_off_at = timezone.now()
        evidence.comment = comment
        evidence.save(update_fields=["status", "signed_off_by", "signed_off_at", "comment"])
    return evidence


def pair_mentor(
    *, mentor: StaffMember, mentee: StaffMember, started: date | None = None, by: Any = None
) -> MentorPairing:
    if mentor.pk == mentee.pk:
        raise PairingError("A person cannot mentor themselves. Choose a different mentee.")
    try:
        with transaction.atomic():
            return MentorPairing.objects.create(
                mentor=mentor, mentee=mentee, started=started or timezone.localdate()
            )
    except IntegrityError:
        raise PairingError(f"{mentor} is already mentoring {mentee}.") from None


def end_pairing(*, pairing: MentorPairing, ended: date | None = None, by: Any = None) -> None:
    ended = ended or timezone.localdate()
    with transaction.atomic():
        pairing = MentorPairing.objects.select_for_update().get(pk=pairing.pk)
        if pairing.ended is not None:
            raise PairingError("This pairing has already ended.")
        if ended < pairing.started:
            raise PairingError("A pairing cannot end before it started.")
        pairing.ended = ended
        pairing.save(update_fields=["ended"])
