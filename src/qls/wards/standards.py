"""Failed standards: what an audit found wanting, and what was started about it.

A standard is one audit question. Its answer *fails* when it scores under
half its scale: a "no", 0 or 1 of 4, or a percentage under 50. Each failed
standard of a submitted audit can start one ward action (owner, due date)
and one QI project (registered through the projects app, which links back
through ``origin``). Closing the action is recorded against the standard:
the ward's next audit shows "action closed on ..." beside it.

Standards are matched across a ward's audits by their wording, so a failure
repeated in two consecutive audits is found even when the second audit used
a newer version of the template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qls.core.screening import screen
from qls.organisation.models import StaffMember, Ward
from qls.wards import permissions as perms
from qls.wards.accreditation import fraction, score
from qls.wards.errors import ActionOwnerMissing, PatientIdentifierFound, StandardError
from qls.wards.models import Action, Audit, AuditAnswer, AuditQuestion, AuditSection

# An answer below this share of its scale fails the standard.
FAIL_BELOW = 0.5
ORIGIN_PREFIX = "wards.standard:"


def fails(answer_type: str, value: float | None) -> bool:
    """True when the answer scores under half its scale ("not applicable" never fails)."""
    return value is not None and fraction(answer_type, value) < FAIL_BELOW


def answer_fails(answer: AuditAnswer) -> bool:
    return fails(answer.question.answer_type, answer.value)


# ------------------------------------------------------------------ who may follow up


def can_follow_up(user: Any, audit: Audit) -> bool:
    """The audit's auditor (or whoever carried it out) and the ward's manager, once submitted."""
    if audit.status != Audit.Status.SUBMITTED or not user.is_authenticated:
        return False
    if not user.has_perm(perms.VIEW):
        return False
    if audit.created_by_id is not None and audit.created_by_id == user.pk:
        return True
    member = getattr(user, "staff_member", None)
    if member is None:
        return False
    return member.pk in {audit.auditor_id, audit.ward.manager_id} - {None}


# ------------------------------------------------------------------ reading


@dataclass
class StandardRow:
    question: AuditQuestion
    section: AuditSection
    answer: AuditAnswer | None
    failed: bool
    action: Action | None = None
    project: Any = None  # a projects.Project
    closed_before: dt.datetime | None = None  # an earlier audit's action on it, closed then
    repeated: bool = False


@dataclass
class SectionResult:
    section: AuditSection
    score: float | None
    rows: list[StandardRow]

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r.failed)


@dataclass
class AuditResult:
    audit: Audit
    sections: list[SectionResult]
    failed: list[StandardRow] = field(default_factory=list)


def previous_audit(audit: Audit) -> Audit | None:
    """The ward's submitted audit before this one."""
    return (
        Audit.objects.filter(ward=audit.ward_id, status=Audit.Status.SUBMITTED)
        .exclude(pk=audit.pk)
        .filter(date__lte=audit.date)
        .exclude(date=audit.date, pk__gt=audit.pk)
        .order_by("-date", "-pk")
        .first()
    )


def _failed_texts(audit: Audit | None) -> set[str]:
    if audit is None:
        return set()
    return {
        a.question.text
        for a in AuditAnswer.objects.filter(audit=audit).select_related("question")
        if answer_fails(a)
    }


def audit_result(audit: Audit) -> AuditResult:
    """Section scores, every standard with its answer, and the failed ones first."""
    sections = list(audit.template.sections.prefetch_related("questions"))
    answers = {
        a.question_id: a
        for a in AuditAnswer.objects.filter(audit=audit)
        .select_related("question")
        .prefetch_related("actions__owner")
    }
    links = {
        a.audit_answer_id: a.project for a in _standard_projects().filter(audit_answer__audit=audit)
    }
    before = previous_audit(audit) if audit.status == Audit.Status.SUBMITTED else None
    failed_before = _failed_texts(before)
    closed = _closed_earlier(audit)
    result = AuditResult(audit=audit, sections=[])
    for section in sections:
        rows = []
        for question in section.questions.all():
            answer = answers.get(question.pk)
            failed = answer is not None and fails(question.answer_type, answer.value)
            actions = list(answer.actions.all()) if answer is not None else []
            row = StandardRow(
                question=question,
                section=section,
                answer=answer,
                failed=failed,
                action=actions[0] if actions else None,
                project=links.get(answer.pk) if answer is not None else None,
                closed_before=closed.get(question.text),
                repeated=failed and question.text in failed_before,
            )
            rows.append(row)
            if failed:
                result.failed.append(row)
        section_score = score(
            (r.question.answer_type, r.question.weight, r.answer.value)
            for r in rows
            if r.answer is not None
        )
        result.sections.append(SectionResult(section=section, score=section_score, rows=rows))
    return result


def _standard_projects():
    from qls.wards.models import StandardProject

    return StandardProject.objects.select_related("project")


def _closed_earlier(audit: Audit) -> dict[str, dt.datetime]:
    """Standard wording → when the latest action on it from an earlier audit of the ward closed."""
    earlier = (
        Action.objects.filter(
            audit_answer__audit__ward=audit.ward_id,
            audit_answer__audit__status=Audit.Status.SUBMITTED,
            audit_answer__audit__date__lte=audit.date,
            status=Action.Status.DONE,
        )
        .exclude(audit_answer__audit=audit)
        .select_related("audit_answer__question")
        .order_by("done_at")
    )
    return {a.audit_answer.question.text: a.done_at for a in earlier}


@dataclass
class RepeatedFailure:
    text: str
    section: str
    latest: Audit
    previous: Audit


def repeated_failures(ward: Ward) -> list[RepeatedFailure]:
    """Standards failed in both of the ward's latest two submitted audits."""
    latest_two = list(
        Audit.objects.filter(ward=ward, status=Audit.Status.SUBMITTED).order_by("-date", "-pk")[:2]
    )
    if len(latest_two) < 2:
        return []
    latest, previous = latest_two
    again = _failed_texts(previous)
    out = []
    for answer in (
        AuditAnswer.objects.filter(audit=latest)
        .select_related("question__section")
        .order_by("question__section__order", "question__order", "question__pk")
    ):
        if answer_fails(answer) and answer.question.text in again:
            out.append(
                RepeatedFailure(
                    text=answer.question.text,
                    section=answer.question.section.title,
                    latest=latest,
                    previous=previous,
                )
            )
    return out


# ------------------------------------------------------------------ writing


def failed_answer(audit: Audit, question_id: int) -> AuditAnswer:
    """The audit's answer to the question, refused unless the standard failed."""
    answer = (
        AuditAnswer.objects.filter(audit=audit, question_id=question_id)
        .select_related("question", "audit__ward")
        .first()
    )
    if answer is None:
        raise StandardError("That standard is not part of this audit.")
    if not answer_fails(answer):
        raise StandardError(
            f"'{answer.question.text}' was met in this audit: nothing to follow up."
        )
    return answer


@transaction.atomic
def raise_action(
    *,
    answer: AuditAnswer,
    description: str,
    owner: StaffMember | None,
    due: dt.date | None,
    now: dt.datetime | None = None,
) -> Action:
    """A ward action on a failed standard: one per standard per audit, owner and due date."""
    if answer.audit.status != Audit.Status.SUBMITTED:
        raise StandardError("Submit the audit before following up its standards.")
    if not answer_fails(answer):
        raise StandardError(
            f"'{answer.question.text}' was met in this audit: nothing to follow up."
        )
    if owner is None:
        raise ActionOwnerMissing(
            "Choose who owns this action: it needs a named person to see it through.",
            field="owner",
        )
    if due is None:
        raise StandardError("Enter the date the action is due.", field="due")
    today = timezone.localdate(now) if now else timezone.localdate()
    if due < today:
        raise StandardError(
            f"The due date {due:%-d %B %Y} has passed: choose today or a later date.", field="due"
        )
    description = (description or "").strip() or f"Meet the standard: {answer.question.text}"
    problems = screen({"What will be done": description})
    if problems:
        raise PatientIdentifierFound(" ".join(problems.values()), field="description")
    if Action.objects.filter(audit_answer=answer).exists():
        raise _already_raised(answer)
    try:
        with transaction.atomic():
            return Action.objects.create(
                audit_answer=answer,
                description=description,
                owner=owner,
                due=due,
                created_at=now or timezone.now(),
            )
    except IntegrityError as error:
        # Another request raised it between our check and our insert.
        raise _already_raised(answer) from error


def _already_raised(answer: AuditAnswer) -> StandardError:
    return StandardError(
        f"An action on '{answer.question.text}' has already been raised for this audit: "
        "update that one instead."
    )


def project_start_url(answer: AuditAnswer) -> str:
    """The projects app's registration form, filled in from the standard and its audit."""
    audit = answer.audit
    ward = audit.ward
    problem = (
        f"The accreditation audit of {ward.name} on {audit.date:%-d %B %Y} found this standard "
        f"not met: '{answer.question.text}' (section: {answer.question.section.title})."
    )
    query = {
        "title": f"{answer.question.text} on {ward.name}"[:200],
        "problem": problem,
        "site": ward.site_id,
        "ward": ward.pk,
        "category": "improve",
        "origin": f"{ORIGIN_PREFIX}{answer.pk}",
    }
    return reverse("projects:new") + "?" + urlencode(query)


def link_project(*, project: Any, origin: str, by: Any) -> bool:
    """Receiver of ``projects.signals.project_registered``: link a project to its standard.

    Returns False for an origin that is not a standard. Refuses (ProjectError,
    so nothing is registered) when the person may not follow the standard up,
    when it did not fail, or when it already has a project.
    """
    from qls.projects.errors import ProjectError
    from qls.wards.models import StandardProject

    if not origin.startswith(ORIGIN_PREFIX):
        return False
    raw = origin.removeprefix(ORIGIN_PREFIX)
    answer = (
        AuditAnswer.objects.filter(pk=int(raw)).select_related("audit__ward", "question").first()
        if raw.isdigit()
        else None
    )
    if answer is None or not can_follow_up(by, answer.audit):
        raise ProjectError(
            "Only the auditor or the ward's manager can start a project from this audit's "
            "standards."
        )
    if not answer_fails(answer):
        raise ProjectError(f"'{answer.question.text}' was met in that audit: nothing to follow up.")
    if StandardProject.objects.filter(audit_answer=answer).exists():
        raise ProjectError(f"'{answer.question.text}' already has a QI project from that audit.")
    StandardProject.objects.create(audit_answer=answer, project=project, created_by=by)
    return True


def on_project_registered(sender, *, project, origin: str, by, **kwargs) -> bool:
    return link_project(project=project, origin=origin, by=by)
