"""Registering a project and updating its details, tags included."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from qls.organisation.models import QualityDomain, StaffMember, StrategicAim
from qls.projects.actions.team import name_coach
from qls.projects.errors import ProjectError
from qls.projects.models import (
    Project,
    ProjectMember,
    Stage,
    Tag,
)
from qls.projects.signals import project_registered


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
        name_coach(project=project, staff=coach, by=by)
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
