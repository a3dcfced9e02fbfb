"""The demo's failed standards: actions raised (one closed), a repeated failure, a project."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from qls.demo.context import DemoContext
from qls.demo.wards.clock import at
from qls.organisation.models import StaffMember, StrategicAim
from qls.wards import accreditation
from qls.wards.models import Action, Audit, AuditAnswer, StandardProject

# ------------------------------------------------------------------ failed standards

CALL_BELLS = "Call bells are within reach"
FALLS_CHECKS = "Falls risk assessments are complete for patients aged 65 or over"
SLUICE = "Sluice and store rooms are tidy and free of clutter"


def standard_follow_ups(ctx: DemoContext, staff_by_ward, today: dt.date) -> None:
    """Failed standards followed up. The ward sister persona's ward failed "call bells"
    in its last two audits: the first audit's actions were closed, the latest has an
    open action she owns and a QI project started from another failed standard. A
    dozen other wards have an action on a standard their latest audit failed."""
    from qls.projects.actions import register_project
    from qls.projects.models import Project
    from qls.wards.standards import fails

    rng = ctx.rng("wards:standards")
    by_ward: dict[int, list[Audit]] = defaultdict(list)
    for audit in Audit.objects.order_by("ward", "-date", "-pk"):
        by_ward[audit.ward_id].append(audit)
    sister = ctx.users.get("lead")
    sister_staff = StaffMember.objects.filter(user=sister).first() if sister else None
    ward = sister_staff.ward if sister_staff and sister_staff.ward_id in by_ward else None
    if ward is None or len(by_ward[ward.pk]) < 2:
        ward = next((w for w in ctx.wards.values() if len(by_ward[w.pk]) >= 2), None)
    if ward is None:
        return
    latest, previous = by_ward[ward.pk][:2]
    coach = StaffMember.objects.filter(user=ctx.users.get("coach")).first()
    if coach is not None and coach.ward_id != ward.pk:
        latest.auditor = coach  # the coach persona follows up her own audit
        latest.save(update_fields=["auditor"])
    _set_answers(previous, {CALL_BELLS: 0.0, SLUICE: 0.0})
    _set_answers(latest, {CALL_BELLS: 0.0, SLUICE: 1.0, FALLS_CHECKS: 40.0})
    owner = sister_staff or ward.manager or rng.choice(staff_by_ward[ward.pk])
    helpers = [m for m in staff_by_ward[ward.pk] if m.pk != owner.pk] or [owner]
    actions = []
    for text, who, days in ((CALL_BELLS, owner, 12), (SLUICE, rng.choice(helpers), 20)):
        answer = previous.answers.get(question__text=text)
        actions.append(
            Action(
                audit_answer=answer,
                description=f"Meet the standard: {text}",
                owner=who,
                due=previous.date + dt.timedelta(days=28),
                status=Action.Status.DONE,
                created_at=at(previous.date, 17),
                done_at=at(previous.date + dt.timedelta(days=days), 15),
            )
        )
    actions.append(
        Action(
            audit_answer=latest.answers.get(question__text=CALL_BELLS),
            description="Check every call bell at the start of each shift and log it on the "
            "safety huddle board",
            owner=owner,
            due=max(latest.date + dt.timedelta(days=28), today + dt.timedelta(days=10)),
            created_at=at(latest.date, 17),
        )
    )
    # Elsewhere: one action on the first failed standard of each of a dozen latest audits.
    others = [w for w in ctx.wards.values() if w.pk != ward.pk and by_ward.get(w.pk)]
    rng.shuffle(others)
    raised = 0
    for other in others:
        if raised == 12:
            break
        audit = by_ward[other.pk][0]
        failed = [
            a
            for a in audit.answers.select_related("question").order_by("question__pk")
            if fails(a.question.answer_type, a.value)
        ]
        people = staff_by_ward.get(other.pk) or [
            m for m in ctx.staff if m.site_id == other.site_id and m.ward_id
        ]
        if not failed or not people:
            continue
        raised += 1
        done = rng.random() < 0.3
        actions.append(
            Action(
                audit_answer=failed[0],
                description=f"Meet the standard: {failed[0].question.text}",
                owner=rng.choice(people),
                due=audit.date + dt.timedelta(days=rng.randint(14, 42)),
                status=Action.Status.DONE if done else Action.Status.OPEN,
                created_at=at(audit.date, 17),
                done_at=at(audit.date + dt.timedelta(days=10), 12) if done else None,
            )
        )
    Action.objects.bulk_create(actions)

    aims = list(StrategicAim.objects.filter(active=True)[:1])
    if not aims:
        return
    answer = latest.answers.select_related("question__section").get(question__text=FALLS_CHECKS)
    project = register_project(
        by=sister or None,
        fields={
            "title": f"Falls risk assessments on {ward.name}",
            "problem": f"The accreditation audit of {ward.name} on {latest.date:%-d %B %Y} found "
            f"this standard not met: '{FALLS_CHECKS}' (section: "
            f"{answer.question.section.title}). Only 40% were complete.",
            "aim_statement": "95% of patients aged 65 or over have a completed falls risk "
            f"assessment within 6 hours of admission to {ward.name}, within three months.",
            "site": ward.site,
            "ward": ward,
            "specialty": ward.specialty,
            "start_date": latest.date + dt.timedelta(days=3),
            "category": Project.Category.IMPROVE,
            "coproduction_level": Project.Coproduction.CONSULTING,
        },
        strategic_aims=aims,
        lead=owner,
    )
    StandardProject.objects.create(
        audit_answer=answer, project=project, created_by=sister, created_at=at(latest.date, 18)
    )


def _set_answers(audit: Audit, values: dict[str, float]) -> None:
    """Change some answers of a demo audit and score it again."""
    answers = list(audit.answers.select_related("question"))
    for answer in answers:
        if answer.question.text in values:
            answer.value = values[answer.question.text]
    AuditAnswer.objects.bulk_update(answers, ["value"])
    audit.score = accreditation.score(
        (a.question.answer_type, a.question.weight, a.value) for a in answers
    )
    audit.save(update_fields=["score"])
