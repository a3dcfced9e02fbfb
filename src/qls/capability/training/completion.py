"""Completion rules: when a participant has completed a course, and what follows.

A course's rule is a number of sessions attended and, for QSIR Practitioner,
a QI project in the registry with the participant as its lead or a team
member. Completing dates the enrolment, numbers its certificate and sends
the post-course survey.

Completion follows the register both ways. When a corrected register leaves
a completed participant short of the sessions the course needs, the
completion is withdrawn: the enrolment goes back to "enrolled", an
unanswered post-course survey is withdrawn, and the certificate is revoked.
A revoked certificate keeps its number on the enrolment (with no completion
date), so a later download says it was revoked, when and why; the audit
history records the withdrawal with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.capability.models import Attendance, Cohort, Enrolment, Participant, SurveyResponse
from qls.capability.training import surveys
from qls.capability.training.errors import CompletionRefused
from qls.projects.models import ProjectMember

PROJECT_ROLES = (ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER)


@dataclass
class CompletionCheck:
    attended: int
    needed: int
    sessions: int
    project_needed: bool
    has_project: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.reasons


def has_registered_project(participant: Participant) -> bool:
    if participant.staff_id is None:
        return False
    return ProjectMember.objects.filter(
        staff_id=participant.staff_id, role__in=PROJECT_ROLES
    ).exists()


def check(enrolment: Enrolment, *, project_confirmed: bool = False) -> CompletionCheck:
    """Whether the enrolment meets its course's rule, and if not, each reason in words."""
    course = enrolment.cohort.course
    attended = Attendance.objects.filter(enrolment=enrolment, present=True).count()
    has_project = project_confirmed or (
        course.requires_project and has_registered_project(enrolment.participant)
    )
    result = CompletionCheck(
        attended=attended,
        needed=course.min_sessions_attended,
        sessions=course.sessions_count,
        project_needed=course.requires_project,
        has_project=has_project,
    )
    if attended < course.min_sessions_attended:
        result.reasons.append(
            f"attended {attended} of {course.sessions_count} sessions "
            f"({course.min_sessions_attended} needed)"
        )
    if course.requires_project and not has_project:
        result.reasons.append("no QI project registered with them as lead or team member")
    return result


def certificate_number(enrolment: Enrolment) -> str:
    return f"QLS-{enrolment.completed_at:%Y}-{enrolment.pk:06d}"


def complete(
    *, enrolment: Enrolment, by: Any = None, project_confirmed: bool = False, base_url: str = ""
) -> Enrolment:
    """Mark the enrolment completed, or refuse naming what is missing."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("cohort__course", "participant")
            .get(pk=enrolment.pk)
        )
        if enrolment.status == Enrolment.Status.COMPLETED:
            return enrolment
        name = enrolment.participant.display_name
        if enrolment.status != Enrolment.Status.ENROLLED:
            raise CompletionRefused(
                f"{name} is not enrolled on {enrolment.cohort.name} "
                f"({enrolment.get_status_display().lower()})."
            )
        result = check(enrolment, project_confirmed=project_confirmed)
        if not result.met:
            raise CompletionRefused(
                f"{name} has not completed {enrolment.cohort.course.name}: "
                + "; ".join(result.reasons)
                + "."
            )
        enrolment.status = Enrolment.Status.COMPLETED
        enrolment.completed_at = timezone.now()
        enrolment.certificate_number = certificate_number(enrolment)
        enrolment.save(update_fields=["status", "completed_at", "certificate_number"])
        surveys.send_survey(enrolment, phase="post", base_url=base_url)
        return enrolment


def is_revoked(enrolment: Enrolment) -> bool:
    """A certificate was issued for this enrolment and its completion later withdrawn."""
    return bool(enrolment.certificate_number) and enrolment.status != Enrolment.Status.COMPLETED


def attendance_short(enrolment: Enrolment) -> str | None:
    """Why the register no longer supports completion, or None when it does.

    Only attendance is judged: a completion confirmed by hand for its project
    stays, and so does one recorded without any register (an imported history).
    """
    marks = list(Attendance.objects.filter(enrolment=enrolment).values_list("present", flat=True))
    if not marks:
        return None
    course = enrolment.cohort.course
    attended = sum(marks)
    if attended >= course.min_sessions_attended:
        return None
    return (
        f"attended {attended} of {course.sessions_count} sessions "
        f"({course.min_sessions_attended} needed)"
    )


def withdraw(*, enrolment: Enrolment, reason: str, by: Any = None) -> Enrolment:
    """Withdraw a completion that no longer holds, revoking its certificate."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != Enrolment.Status.COMPLETED:
            return enrolment
        number = enrolment.certificate_number or certificate_number(enrolment)
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.completed_at = None
        enrolment.certificate_number = number
        enrolment._change_reason = (  # type: ignore[attr-defined]
            # The history keeps at most 100 characters of a reason; the number is on the row.
            f"Completion withdrawn, certificate revoked: {reason}"[:100]
        )
        if by is not None:
            enrolment._history_user = by  # type: ignore[attr-defined]
        enrolment.save(update_fields=["status", "completed_at", "certificate_number"])
        SurveyResponse.objects.filter(
            enrolment=enrolment, phase=SurveyResponse.Phase.POST, submitted_at__isnull=True
        ).delete()
        return enrolment


def revocation(enrolment: Enrolment) -> tuple[Any, str] | None:
    """(when, reason) of the latest withdrawal of this enrolment's completion, from its history."""
    if not is_revoked(enrolment):
        return None
    withdrawals = enrolment.history.filter(history_change_reason__startswith="Completion withdrawn")
    record = withdrawals.order_by("-history_date").first()
    if record is None:
        return None
    return record.history_date, record.history_change_reason


@dataclass
class Recheck:
    completed: list[Enrolment] = field(default_factory=list)
    withdrawn: list[Enrolment] = field(default_factory=list)


def recheck_completions(cohort: Cohort, *, by: Any = None, base_url: str = "") -> Recheck:
    """Complete everyone who now meets the rule, and withdraw completions the register no
    longer supports."""
    out = Recheck()
    for enrolment in cohort.enrolments.filter(
        status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED]
    ).select_related("participant", "cohort__course"):
        if enrolment.status == Enrolment.Status.COMPLETED:
            short = attendance_short(enrolment)
            if short:
                out.withdrawn.append(
                    withdraw(enrolment=enrolment, reason=f"register corrected, {short}", by=by)
                )
        elif check(enrolment).met:
            out.completed.append(complete(enrolment=enrolment, base_url=base_url))
    return out
