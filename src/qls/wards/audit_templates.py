"""Building accreditation audit templates in QLS, and making new versions of them.

Rules
    A version needs at least one question, and in every section the
    question weights add up to the section's total (the section's share of
    the score). Both are checked when a section is saved and again when a
    version is put in use.

Versions
    A version that any audit (a draft too) was carried out on cannot change:
    its answers point at its questions. Editing it makes a new version — a
    copy with the version number one higher, the reason for the change, who
    made it and when — which is prepared out of use and then put in use,
    retiring the earlier versions of the same name. Audits keep the version
    they were carried out on, so scores compare within a version; the ward's
    score chart starts new limits where the version changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qls.wards.errors import TemplateError, TemplateInUse, TemplateNotReady
from qls.wards.models import AuditQuestion, AuditSection, AuditTemplate


@dataclass(frozen=True)
class QuestionInput:
    """One question as the section form gives it; ``pk`` None for a new one."""

    text: str
    answer_type: str
    weight: int
    position: int
    hint: str = ""
    evidence: str = ""
    pk: int | None = None


def section_problems(title: str, total: int, weights: Sequence[int]) -> list[str]:
    """What stops a section from being saved as it stands (empty when nothing does)."""
    if not weights:
        return [f"Section '{title}' needs at least one question."]
    added = sum(weights)
    if added != total:
        return [
            (
                f"Section '{title}': the question weights add up to {added}, not the section "
                f"total of {total}. Change the weights or the total so they match."
            )
        ]
    return []


def template_problems(template: AuditTemplate) -> list[str]:
    """Every rule the version breaks, each naming its section."""
    sections = list(template.sections.prefetch_related("questions"))
    if not any(s.questions.all() for s in sections):
        return [f"{template} has no questions. Add a section with at least one question."]
    problems: list[str] = []
    for section in sections:
        weights = [q.weight for q in section.questions.all()]
        problems += section_problems(section.title, section.total, weights)
    return problems


def _locked(template: AuditTemplate) -> AuditTemplate:
    """The template, locked for this transaction, if it may still change in place."""
    found = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    if found.in_use():
        raise TemplateInUse(
            f"Audits have been carried out on {found}, so it cannot change. "
            "Make a new version instead, with the reason for the change."
        )
    return found


@transaction.atomic
def create_template(*, name: str, reaudit_months: int) -> AuditTemplate:
    """A new template (version 1), out of use until its sections are ready."""
    name = name.strip()
    if AuditTemplate.objects.filter(name=name).exists():
        raise TemplateError(
            f"A template called '{name}' already exists. Open it and make a new version instead.",
            field="name",
        )
    return AuditTemplate.objects.create(
        name=name, version=1, active=False, reaudit_months=reaudit_months
    )


@transaction.atomic
def update_details(*, template: AuditTemplate, reaudit_months: int) -> AuditTemplate:
    template = _locked(template)
    template.reaudit_months = reaudit_months
    template.save(update_fields=["reaudit_months"])
    return template


@transaction.atomic
def save_section(
    *,
    template: AuditTemplate,
    title: str,
    total: int,
    questions: Sequence[QuestionInput],
    section: AuditSection | None = None,
) -> AuditSection:
    """Create or replace a section and its questions in one go; all or nothing.

    Questions are kept in the order of their positions (ties in the order
    given); a question of the section missing from ``questions`` is removed.
    """
    template = _locked(template)
    if section is not None and section.template_id != template.pk:
        raise TemplateError(f"Section '{section.title}' is not part of {template}.")
    problems = section_problems(title, total, [q.weight for q in questions])
    if problems:
        raise TemplateNotReady(problems)
    if section is None:
        last = template.sections.aggregate(last=Max("order"))["last"] or 0
        section = AuditSection.objects.create(
            template=template, title=title, total=total, order=last + 1
        )
    else:
        section.title, section.total = title, total
        section.save(update_fields=["title", "total"])
    existing = {q.pk: q for q in section.questions.all()}
    kept = {q.pk for q in questions if q.pk is not None}
    unknown = kept - set(existing)
    if unknown:
        raise TemplateError(f"A question sent is not part of section '{section.title}'.")
    section.questions.exclude(pk__in=kept).delete()
    ordered = sorted(enumerate(questions), key=lambda pair: (pair[1].position, pair[0]))
    for order, (_, given) in enumerate(ordered, start=1):
        question = existing.get(given.pk) if given.pk else None
        if question is None:
            question = AuditQuestion(section=section)
        question.text, question.hint, question.evidence = given.text, given.hint, given.evidence
        question.answer_type, question.weight, question.order = (
            given.answer_type,
            given.weight,
            order,
        )
        _validate(question, f"Question '{given.text[:60]}'", exclude=["section"])
        question.save()
    return section


def _validate(record: Any, what: str, *, exclude: list[str]) -> None:
    """The model's own checks (lengths, patient identifiers) as a template error."""
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as error:
        raise TemplateError(f"{what}: {' '.join(error.messages)}") from error


def _renumber(template: AuditTemplate) -> None:
    for order, section in enumerate(template.sections.order_by("order", "pk"), start=1):
        if section.order != order:
            section.order = order
            section.save(update_fields=["order"])


@transaction.atomic
def delete_section(*, section: AuditSection) -> None:
    template = _locked(section.template)
    section.delete()
    _renumber(template)
    if template.active and (problems := template_problems(template)):
        raise TemplateNotReady(problems)


@transaction.atomic
def move_section(*, section: AuditSection, step: int) -> None:
    """Move a section one place up (``step`` -1) or down (+1)."""
    template = _locked(section.template)
    _renumber(template)
    sections = list(template.sections.order_by("order", "pk"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index + step
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for order, moved in enumerate(sections, start=1):
        if moved.order != order:
            moved.order = order
            moved.save(update_fields=["order"])


@transaction.atomic
def new_version(
    *, template: AuditTemplate, reason: str, by: Any = None, now: dt.datetime | None = None
) -> AuditTemplate:
    """A copy of ``template`` with the next version number, out of use, with its reason.

    Only one version of a template is prepared at a time: if a later version
    no audit has used yet exists, that is the one to edit.
    """
    reason = (reason or "").strip()
    if not reason:
        raise TemplateError("Enter the reason for the new version.", field="reason")
    template = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    # Lock every version of the name (no join: PostgreSQL refuses FOR UPDATE on an
    # outer join's nullable side), then look for one still being prepared.
    locked = list(AuditTemplate.objects.select_for_update().filter(name=template.name))
    versions = AuditTemplate.objects.filter(pk__in=[v.pk for v in locked])
    waiting = (
        versions.filter(version__gt=template.version, audits__isnull=True)
        .order_by("version")
        .first()
    )
    if waiting is not None:
        raise TemplateError(
            f"{waiting} is already being prepared and no audit has used it yet: edit that one."
        )
    latest = versions.aggregate(latest=Max("version"))["latest"] or template.version
    copy = AuditTemplate(
        name=template.name,
        version=latest + 1,
        active=False,
        reaudit_months=template.reaudit_months,
        based_on=template,
        change_reason=reason,
        changed_at=now or timezone.now(),
        changed_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _validate(copy, "The reason for the new version", exclude=["based_on", "changed_by"])
    copy.save()
    for section in template.sections.prefetch_related("questions"):
        questions = list(section.questions.all())
        section.pk = None
        section.template = copy
        section.save()
        for question in questions:
            question.pk = None
            question.section = section
        AuditQuestion.objects.bulk_create(questions)
    return copy


@transaction.atomic
def put_in_use(*, template: AuditTemplate) -> AuditTemplate:
    """Audits start on this version from now on; earlier versions of it retire."""
    template = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    problems = template_problems(template)
    if problems:
        raise TemplateNotReady(problems)
    AuditTemplate.objects.filter(name=template.name).exclude(pk=template.pk).update(active=False)
    template.active = True
    template.save(update_fields=["active"])
    return template


def version_changes(audits_oldest_first: Sequence[Any]) -> list[dict[str, Any]]:
    """Where a ward's run of audits moves to another template version, with the reason.

    One dict per change: ``x`` (date of the first audit on the new version),
    ``label`` ("Version 2: reason") and ``kind``; the first audit starts no change.
    """
    out: list[dict[str, Any]] = []
    previous = None
    for audit in audits_oldest_first:
        template = audit.template
        if previous is not None and template.pk != previous.pk:
            reason = template.change_reason or "a different audit template"
            if template.name == previous.name:
                label = f"Version {template.version}: {reason}"
            else:
                label = f"{template}: {reason}"
            out.append({"x": audit.date, "label": label, "kind": "Audit template version"})
        previous = template
    return out
