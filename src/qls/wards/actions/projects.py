"""Turning an 'improve' issue into a QI project in the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from qls.organisation.models import StaffMember, StrategicAim
from qls.wards.actions._common import _primary, _set_status
from qls.wards.actions.sorting import categorise_issue
from qls.wards.actions.waves import link_wave_to_registry
from qls.wards.errors import (
    IssueError,
)
from qls.wards.models import (
    Issue,
)
from qls.wards.models.issues import Category


@transaction.atomic
def start_project(
    *,
    issue: Issue,
    lead: StaffMember | None,
    aims: Iterable[StrategicAim],
    title: str = "",
    by=None,
    today: dt.date | None = None,
):
    """Turn an "improve" issue into a QI project at the idea stage, linked back to the issue."""
    from qls.projects.actions import register_project
    from qls.projects.models import Project

    _primary(issue)
    if issue.project_id:
        raise IssueError("This issue already has a QI project.")
    if lead is None:
        raise IssueError("Choose who will lead the project.", field="lead")
    aims = list(aims)
    if not aims:
        raise IssueError("Choose at least one strategic aim the project supports.", field="aims")
    if issue.category != Category.IMPROVE:
        categorise_issue(issue=issue, category=Category.IMPROVE)
    event = issue.event
    ward = event.journey.ward
    wave = event.journey.wave
    if not wave.project_programme_id:
        link_wave_to_registry(wave)
    project = register_project(
        by=by,
        fields={
            "title": (title or issue.text).strip()[:200],
            "problem": issue.text,
            "aim_statement": (
                f"To be set during scoping: the improvement {ward.name} wants in the problem "
                f"raised at its engagement event on {event.date:%-d %B %Y}."
            ),
            "site": ward.site,
            "ward": ward,
            "specialty": ward.specialty,
            "start_date": today or timezone.localdate(),
            "category": Project.Category.IMPROVE,
            "coproduction_level": Project.Coproduction.INVOLVING,
            "programme": wave.project_programme,
        },
        strategic_aims=aims,
        lead=lead,
    )
    issue.project = project
    issue.save(update_fields=["project"])
    _set_status(issue, Issue.Status.IN_PROGRESS)
    return project
