"""What a person must act on in QI projects, for My work (see ``qls.core.work``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from qls.core import periods
from qls.core.work import WorkItem, WorkSection, first_rows, register
from qls.projects.models import Evidence, Measure, MeasureValue, Project, ProjectMember, Stage
from qls.projects.services.lists import pending_approvals

# A measure with no value in this many periods before the current one is late.
LATE_AFTER_PERIODS = 2


def approvals(user: Any) -> WorkSection | None:
    total, rows = first_rows(pending_approvals(user))
    return WorkSection(
        key="approvals",
        title="Stage changes awaiting my approval",
        count=total,
        items=[
            WorkItem(
                text=change.project.title,
                url=reverse("projects:project", args=[change.project_id]) + "#stage",
                detail=f"{change.get_from_stage_display()} to {change.get_to_stage_display()}, "
                f"asked {change.at:%-d %b %Y}"
                f" by {change.by.get_full_name() or change.by.username}"
                if change.by
                else "",
            )
            for change in rows
        ],
        more_url=reverse("projects:approvals"),
        more_text="All stage changes awaiting my approval",
        order=10,
    )


def late_cutoffs(today: dt.date) -> Q:
    """Values recent enough that their measure is not late, whatever its frequency."""
    recent = Q(pk__in=[])
    for frequency in Measure.Frequency.values:
        current = periods.period_start(today, frequency)
        cutoff = periods.add_periods(current, frequency, -LATE_AFTER_PERIODS)
        recent |= Q(measure__frequency=frequency, period__gte=cutoff)
    return recent


def my_projects(user: Any, today: dt.date | None = None) -> WorkSection | None:
    """My open projects: stage, the PDSA cycle waiting for its decision, measures
    without recent data, and whether QLS found evidence of improvement."""
    today = today or timezone.localdate()
    recent = MeasureValue.objects.filter(measure=OuterRef("pk")).filter(late_cutoffs(today))
    late_count = (
        Measure.objects.filter(project=OuterRef("pk"))
        .exclude(Exists(recent))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = (
        Project.objects.filter(
            Exists(ProjectMember.objects.filter(project=OuterRef("pk"), staff__user=user))
        )
        .exclude(stage=Stage.CLOSED)
        .annotate(
            open_cycle_since=Min(
                "driver_nodes__cycles__started_on",
                filter=Q(driver_nodes__cycles__act_decision=""),
            ),
            late_measures=Coalesce(
                Subquery(late_count[:1], output_field=IntegerField()),
                Value(0),
            ),
            evidence=Exists(Evidence.objects.filter(measure__project=OuterRef("pk"), found=True)),
        )
        .order_by("-updated_at", "pk")
    )
    total, rows = first_rows(queryset)
    items = []
    for project in rows:
        notes = [project.get_stage_display()]
        if project.open_cycle_since:
            notes.append(
                f"PDSA cycle waiting for its decision since {project.open_cycle_since:%-d %b}"
            )
        if project.late_measures:
            notes.append(
                f"{project.late_measures} measure{'s' if project.late_measures != 1 else ''} "
                f"without data for {LATE_AFTER_PERIODS} periods"
            )
        if project.evidence:
            notes.append("evidence of improvement")
        items.append(
            WorkItem(
                text=project.title,
                url=project.get_absolute_url(),
                detail="; ".join(notes),
                overdue=bool(project.late_measures),
            )
        )
    return WorkSection(
        key="projects",
        title="My projects",
        count=total,
        items=items,
        more_url=reverse("projects:mine"),
        more_text="All my projects",
        order=20,
    )


def register_sections() -> None:
    register("projects.approvals", approvals)
    register("projects.mine", my_projects)
