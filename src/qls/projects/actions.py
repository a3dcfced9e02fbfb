"""Every write to the registry that touches more than one row.

Keyword-only functions, each in one transaction: they check the rule,
write, and recompute evidence of improvement where the change could alter
it. They raise the errors in ``errors.py``; views turn those into messages.
Who may call them is checked by the views through ``access.py``, except
where the rule is part of the action itself (approving a stage change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qls.core import periods
from qls.core.screening import screen
from qls.organisation.models import QualityDomain, StaffMember, StrategicAim
from qls.projects import access
from qls.projects.errors import (
    ClosureError,
    CoachError,
    DriverDiagramError,
    ProjectError,
    StageChangeError,
    TeamError,
)
from qls.projects.evidence_store import refresh_evidence, refresh_project_evidence
from qls.projects.models import (
    STAGE_ORDER,
    DriverNode,
    Evaluation,
    Measure,
    MeasureValue,
    PDSACycle,
    Project,
    ProjectMember,
    Stage,
    StageChange,
    Tag,
)
from qls.projects.paste import Row
from qls.projects.signals import naming_coach, project_registered

# Stages a project may only move forward into with its coach's approval.
NEEDS_APPROVAL = frozenset({Stage.TESTING, Stage.IMPLEMENTING, Stage.SUSTAINING})


def tags_from_text(text: str) -> list[Tag]:
    """Tags from "falls, night staffing; discharge" (created on first use)."""
    names = []
    for raw in text.replace(";", ",").split(","):
        name = " ".join(raw.split()).lower()[:60]
        if name and name not in names:
            names.append(name)
    return [Tag.objects.get_or_create(name=n)[0] for n in names]


@transaction.atomic
def register_project(
    *,
    by: Any,
    fields: Mapping[str, Any],
    strategic_aims: Iterable[StrategicAim],
    domains: Iterable[QualityDomain] = (),
    tags: str = "",
    lead: StaffMember,
    members: Iterable[StaffMember] = (),
    sponsor: StaffMember | None = None,
    coach: StaffMember | None = None,
    origin: str = "",
) -> Project:
    """Create a project in the idea stage with its team; at least one strategic aim.

    ``origin`` names where in QLS the project was started from; the app that
    owns it links the project back (see ``signals.project_registered``).
    """
    aims = list(strategic_aims)
    if not aims:
        raise ProjectError("Choose at least one strategic aim the project supports.")
    project = Project.objects.create(created_by=by, stage=Stage.IDEA, **fields)
    project.strategic_aims.set(aims)
    project.domains.set(list(domains))
    project.tags.set(tags_from_text(tags))
    team = [(lead, ProjectMember.Role.LEAD)]
    team += [(m, ProjectMember.Role.MEMBER) for m in members if m != lead]
    if sponsor:
        team.append((sponsor, ProjectMember.Role.SPONSOR))
    for staff, role in team:
        ProjectMember.objects.get_or_create(project=project, staff=staff, role=role)
    if coach:
        _name_coach(project=project, staff=coach, by=by)
    if origin:
        answers = project_registered.send(sender=Project, project=project, origin=origin, by=by)
        # A receiver returns True when the origin is its own; nobody claiming it means the
        # form carried something QLS does not know, so nothing is registered.
        if not any(handled for _receiver, handled in answers):
            raise ProjectError(
                "The page this project was started from is not known. Start it again from there."
            )
    return project


@transaction.atomic
def update_project(
    *,
    project: Project,
    fields: Mapping[str, Any],
    strategic_aims: Iterable[StrategicAim],
    domains: Iterable[QualityDomain],
    tags: str,
) -> Project:
    aims = list(strategic_aims)
    if not aims:
        raise ProjectError("Choose at least one strategic aim the project supports.")
    for name, value in fields.items():
        setattr(project, name, value)
    project.save()
    project.strategic_aims.set(aims)
    project.domains.set(list(domains))
    project.tags.set(tags_from_text(tags))
    return project


# ---------------------------------------------------------------- team


@transaction.atomic
def add_member(*, project: Project, staff: StaffMember, role: str, by: Any = None) -> ProjectMember:
    if project.members.filter(staff=staff, role=role).exists():
        raise TeamError(f"{staff.full_name} is already on the team as {role}.")
    if role == ProjectMember.Role.COACH:
        return _name_coach(project=project, staff=staff, by=by)
    if (
        role in (ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER)
        and project.members.filter(staff=staff, role=ProjectMember.Role.COACH).exists()
    ):
        raise TeamError(
            f"{staff.full_name} coaches this project, so cannot also be on its team: "
            "a coach approves the team's stage moves from outside it."
        )
    return ProjectMember.objects.create(project=project, staff=staff, role=role)


def _name_coach(*, project: Project, staff: StaffMember, by: Any) -> ProjectMember:
    """Every path that names a coach in this app comes here (registration, the team page).

    The improvement team names coaches, from people with the QI coach role
    who do not lead or work on the project; the coaching app's receiver of
    ``naming_coach`` then applies the coach pool's capacity rule.
    """
    if not access.can_name_coach(by):
        raise CoachError(
            "Only the improvement team can name a project's coach: ask them to allocate "
            "one from the coach pool."
        )
    if not access.holds_coach_role(staff):
        raise CoachError(
            f"{staff.full_name} does not hold the QI coach role, so cannot be named "
            "the project's coach."
        )
    doers = (ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER)
    if project.members.filter(staff=staff, role__in=doers).exists():
        raise CoachError(
            f"{staff.full_name} is on the project's team, so cannot also be its coach: "
            "a coach approves the team's stage moves from outside it."
        )
    return add_coach(project=project, staff=staff, by=by)


@transaction.atomic
def add_coach(*, project: Project, staff: StaffMember, by: Any = None) -> ProjectMember:
    """Write ``staff`` onto the team as its coach, once the coach pool's rules allow it.

    The coaching app allocates coaches from its pool through this, having
    checked who may allocate; the registry's own paths (registration, the team
    page) come through ``_name_coach`` first. ``naming_coach`` lets the pool
    refuse a coach who is inactive or at capacity.
    """
    if project.members.filter(staff=staff, role=ProjectMember.Role.COACH).exists():
        raise TeamError(f"{staff.full_name} already coaches this project.")
    naming_coach.send(sender=Project, project=project, staff=staff)
    return ProjectMember.objects.create(project=project, staff=staff, role=ProjectMember.Role.COACH)


@transaction.atomic
def remove_member(*, membership: ProjectMember) -> None:
    project = Project.objects.select_for_update().get(pk=membership.project_id)
    if (
        membership.role == ProjectMember.Role.LEAD
        and project.members.filter(role=ProjectMember.Role.LEAD).count() == 1
    ):
        raise TeamError("A project needs a lead: add another lead before removing this one.")
    membership.delete()


# ---------------------------------------------------------------- stages


def needs_approval(from_stage: str, to_stage: str) -> bool:
    """Moving forward into testing, implementing or sustaining needs the coach."""
    forward = STAGE_ORDER.index(to_stage) > STAGE_ORDER.index(from_stage)
    return forward and to_stage in NEEDS_APPROVAL


@transaction.atomic
def request_stage_change(
    *, project: Project, to_stage: str, by: Any, note: str = ""
) -> StageChange:
    """Move the project, or ask its coach to approve the move.

    A move that needs no approval takes effect at once. A move that does
    waits for a decision even when the coach asks for it, because nobody
    approves their own request (the improvement team decides the coach's).
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to_stage not in STAGE_ORDER:
        raise StageChangeError(f"'{to_stage}' is not a stage.")
    if to_stage == Stage.CLOSED:
        raise StageChangeError("Close a project with its evaluation and an outcome.")
    if project.is_closed:
        raise StageChangeError("The project is closed; its stage can no longer change.")
    if to_stage == project.stage:
        raise StageChangeError(
            f"The project is already at the {project.get_stage_display().lower()} stage."
        )
    if project.stage_changes.filter(status=StageChange.Status.REQUESTED).exists():
        raise StageChangeError("A stage change is already waiting for approval.")
    change = StageChange(
        project=project, from_stage=project.stage, to_stage=to_stage, by=by, note=note
    )
    if not needs_approval(project.stage, to_stage):
        change.status = StageChange.Status.APPROVED
        change.decided_at = timezone.now()
        change.save()
        project.stage = to_stage
        project.save(update_fields=["stage", "updated_at"])
    else:
        change.save()
    return change


@transaction.atomic
def decide_stage_change(
    *, change: StageChange, by: Any, approve: bool, note: str = ""
) -> StageChange:
    """The coach approves (the project moves) or refuses (it stays) a requested move."""
    change = StageChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    project = change.project
    if change.status != StageChange.Status.REQUESTED:
        raise StageChangeError("This request has already been decided.")
    if change.by_id is not None and change.by_id == getattr(by, "pk", None):
        raise StageChangeError(
            "You asked for this move, so someone else must decide on it: "
            "the project's coach, or the improvement team if you are the coach."
        )
    if not access.can_decide(by, change):
        raise StageChangeError("Only the project's coach can approve or refuse a stage change.")
    if approve and project.stage != change.from_stage:
        raise StageChangeError(
            "The project's stage has changed since the request; refuse it and ask again."
        )
    change.status = StageChange.Status.APPROVED if approve else StageChange.Status.REFUSED
    change.approved_by = by
    change.decided_at = timezone.now()
    change.decision_note = note
    change.save()
    if approve:
        project.stage = change.to_stage
        project.save(update_fields=["stage", "updated_at"])
    return change


@transaction.atomic
def close_project(*, project: Project, by: Any, outcome: str, reason: str) -> StageChange:
    """Close with an outcome (spread, sustained or stopped) and a reason; needs the evaluation."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_closed:
        raise ClosureError("The project is already closed.")
    if not Evaluation.objects.filter(project=project).exists():
        raise ClosureError("Complete the evaluation before closing the project.")
    if outcome not in Project.ClosureOutcome.values:
        raise ClosureError("Choose whether the change spread, was sustained or was stopped.")
    if not reason.strip():
        raise ClosureError("Say why the project is closing.")
    project.stage_changes.filter(status=StageChange.Status.REQUESTED).update(
        status=StageChange.Status.WITHDRAWN,
        decided_at=timezone.now(),
        decision_note="Withdrawn: the project closed.",
    )
    change = StageChange.objects.create(
        project=project,
        from_stage=project.stage,
        to_stage=Stage.CLOSED,
        by=by,
        note=reason,
        status=StageChange.Status.APPROVED,
        decided_at=timezone.now(),
    )
    project.stage = Stage.CLOSED
    project.closure_outcome = outcome
    project.closure_reason = reason
    project.save(update_fields=["stage", "closure_outcome", "closure_reason", "updated_at"])
    return change


@transaction.atomic
def withdraw_stage_change(*, change: StageChange, by: Any) -> StageChange:
    """Take back a request nobody has decided yet; the project stays where it is."""
    change = StageChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    if change.status != StageChange.Status.REQUESTED:
        raise StageChangeError("This request has already been decided, so it cannot be withdrawn.")
    if not access.can_withdraw(by, change):
        raise StageChangeError(
            "Only the person who asked, a project lead or the improvement team can withdraw it."
        )
    change.status = StageChange.Status.WITHDRAWN
    change.approved_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "approved_by", "decided_at"])
    return change


@transaction.atomic
def reopen_project(*, project: Project, by: Any, reason: str) -> StageChange:
    """Bring a closed project back to the stage it closed from, with a reason that
    stays in its stage history."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.is_closed:
        raise ClosureError("The project is not closed.")
    reason = (reason or "").strip()
    if not reason:
        raise ClosureError("Say why the project is being reopened.")
    problems = screen({"Reason": reason})
    if problems:
        raise ClosureError(" ".join(problems.values()))
    closing = (
        project.stage_changes.filter(to_stage=Stage.CLOSED, status=StageChange.Status.APPROVED)
        .order_by("-at", "-pk")
        .first()
    )
    back_to = closing.from_stage if closing and closing.from_stage != Stage.CLOSED else Stage.IDEA
    change = StageChange.objects.create(
        project=project,
        from_stage=Stage.CLOSED,
        to_stage=back_to,
        by=by,
        note=f"Reopened: {reason}",
        status=StageChange.Status.APPROVED,
        decided_at=timezone.now(),
    )
    project.stage = back_to
    project.closure_outcome = ""
    project.closure_reason = ""
    project.save(update_fields=["stage", "closure_outcome", "closure_reason", "updated_at"])
    return change


@transaction.atomic
def save_evaluation(*, project: Project, by: Any, fields: Mapping[str, Any]) -> Evaluation:
    evaluation = Evaluation.objects.filter(project=project).first() or Evaluation(project=project)
    for name, value in fields.items():
        setattr(evaluation, name, value)
    evaluation.completed_by = by
    evaluation.save()
    return evaluation


# ---------------------------------------------------------------- driver diagram

# Which kinds of node may sit under which.
ALLOWED_CHILDREN: dict[str | None, set[str]] = {
    None: {DriverNode.Kind.PRIMARY},
    DriverNode.Kind.PRIMARY: {DriverNode.Kind.SECONDARY, DriverNode.Kind.CHANGE_IDEA},
    DriverNode.Kind.SECONDARY: {DriverNode.Kind.CHANGE_IDEA},
    DriverNode.Kind.CHANGE_IDEA: set(),
}


@transaction.atomic
def add_node(*, project: Project, parent: DriverNode | None, kind: str, text: str) -> DriverNode:
    text = " ".join((text or "").split())
    if not text:
        raise DriverDiagramError("Enter the text of the driver or change idea.")
    if parent is not None and parent.project_id != project.pk:
        raise DriverDiagramError("That driver belongs to another project.")
    parent_kind = parent.kind if parent else None
    if kind not in ALLOWED_CHILDREN[parent_kind]:
        where = f"under a {parent.get_kind_display().lower()}" if parent else "at the top"
        label = dict(DriverNode.Kind.choices).get(kind, kind)
        raise DriverDiagramError(f"A {str(label).lower()} cannot go {where}.")
    siblings = DriverNode.objects.filter(project=project, parent=parent)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    return DriverNode.objects.create(
        project=project, parent=parent, kind=kind, text=text[:300], position=position
    )


def rename_node(*, node: DriverNode, text: str) -> DriverNode:
    text = " ".join((text or "").split())
    if not text:
        raise DriverDiagramError("Enter the text of the driver or change idea.")
    node.text = text[:300]
    node.save(update_fields=["text"])
    return node


def _subtree_ids(node: DriverNode) -> list[int]:
    ids = [node.pk]
    frontier = [node.pk]
    while frontier:
        frontier = list(
            DriverNode.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


@transaction.atomic
def delete_node(*, node: DriverNode) -> None:
    """Delete a node and the nodes under it, unless PDSA cycles hang from them."""
    ids = _subtree_ids(node)
    cycles = PDSACycle.objects.filter(change_idea_id__in=ids).count()
    if cycles:
        raise DriverDiagramError(
            f"'{node.text}' cannot be deleted: {cycles} PDSA cycle(s) test it or an idea under it."
        )
    # Children first, so each deletion is in the audit history.
    for pk in reversed(ids):
        DriverNode.objects.filter(pk=pk).first().delete()  # type: ignore[union-attr]


# ---------------------------------------------------------------- PDSA cycles


@transaction.atomic
def save_cycle(
    *,
    change_idea: DriverNode,
    fields: Mapping[str, Any],
    by: Any,
    cycle: PDSACycle | None = None,
) -> PDSACycle:
    """Create or update a PDSA cycle; recompute the project's evidence (adoptions moved)."""
    if change_idea.kind != DriverNode.Kind.CHANGE_IDEA:
        raise ProjectError("PDSA cycles test change ideas; choose a change idea.")
    previous = fields.get("previous")
    if previous is not None and previous.change_idea_id != change_idea.pk:
        raise ProjectError("A cycle can only follow an earlier cycle of the same change idea.")
    if cycle is not None and previous is not None and previous.pk == cycle.pk:
        raise ProjectError("A cycle cannot follow itself.")
    if cycle is None:
        last = PDSACycle.objects.select_for_update().filter(change_idea=change_idea)
        number = (last.aggregate(m=Max("number"))["m"] or 0) + 1
        cycle = PDSACycle(change_idea=change_idea, number=number, created_by=by)
    for name, value in fields.items():
        setattr(cycle, name, value)
    if cycle.act_decision and not cycle.ended_on:
        raise ProjectError("Give the date of the decision to adopt, adapt or abandon.")
    cycle.save()
    refresh_project_evidence(change_idea.project)
    return cycle


@transaction.atomic
def delete_cycle(*, cycle: PDSACycle) -> None:
    """Delete a cycle; cycles that followed it now follow the one before it.

    The ramp stays in one piece, and the project's evidence is worked out
    again because an adoption may have gone with the cycle.
    """
    project = cycle.change_idea.project
    for follower in cycle.next_cycles.all():
        follower.previous_id = cycle.previous_id
        follower.save(update_fields=["previous"])
    cycle.delete()
    refresh_project_evidence(project)


# ---------------------------------------------------------------- measures


@transaction.atomic
def save_measure(
    *, project: Project, fields: Mapping[str, Any], measure: Measure | None = None
) -> Measure:
    measure = measure or Measure(project=project)
    for name, value in fields.items():
        setattr(measure, name, value)
    if measure.pk is None:
        measure.position = project.measures.count() + 1
    measure.save()
    refresh_evidence(measure)
    return measure


@transaction.atomic
def save_values(*, measure: Measure, rows: Iterable[Row], replace_all: bool = False) -> int:
    """Write project-entered periods (a period already held is replaced).

    ``replace_all`` makes the rows the whole data (the grid); otherwise they
    add to or replace single periods (a paste). Returns the rows written.
    """
    if measure.series_id:
        raise ProjectError("This measure shows a QLS metric series; its data comes from there.")
    rows = list(rows)
    if replace_all:
        keep = {r.period for r in rows}
        for old in measure.values.exclude(period__in=keep):
            old.delete()
    existing = {v.period: v for v in measure.values.filter(period__in=[r.period for r in rows])}
    written = 0
    for r in rows:
        value = existing.get(r.period) or MeasureValue(measure=measure, period=r.period)
        new = (r.value, r.numerator, r.denominator)
        if value.pk and (value.value, value.numerator, value.denominator) == new:
            continue
        value.value, value.numerator, value.denominator = new
        value.save()
        written += 1
    refresh_evidence(measure)
    return written


@transaction.atomic
def delete_measure(*, measure: Measure) -> None:
    """Delete a measure with the data the project entered for it (each in the audit
    history); a linked QLS series is left as it is. Later measures move up."""
    project = measure.project
    for value in measure.values.all():
        value.delete()
    measure.delete()
    for position, later in enumerate(project.measures.order_by("position", "pk"), start=1):
        if later.position != position:
            later.position = position
            later.save(update_fields=["position"])


def period_label(period: dt.date, frequency: str) -> str:
    return periods.period_label(period, frequency)
