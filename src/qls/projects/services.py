"""Reading projects: what a page shows about a measure, and personal lists.

Writes live in ``actions.py``; this module only reads and computes. The
analysis is ``measure_analysis``; the chart drawn from it is ``charts``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from qls.core.charts import Chart
from qls.measurement.charts.series import assurance_basis
from qls.projects.charts import chart_events, measure_chart
from qls.projects.evidence import Adoption
from qls.projects.measure_analysis import MeasureAnalysis, NotEnoughData, analyse_measure
from qls.projects.models import Evidence, Measure, Project, ProjectMember, StageChange
from qls.projects.recalculation import current_proposal
from qls.spc import SpcInputError
from qls.spc.charts import ICON_LABELS, assurance_icon_svg, variation_icon_svg


@dataclass
class MeasureSummary:
    """Everything a page shows about one measure."""

    measure: Measure
    chart: Chart | None
    analysis: MeasureAnalysis | None
    problem: str = ""
    variation_svg: str = ""
    assurance_svg: str = ""
    variation_label: str = ""
    assurance_label: str = ""
    assurance_basis: str = ""
    proposal: Any = None  # a recalculation QLS proposes, waiting for the coach


def measure_summary(
    measure: Measure,
    events: list[dict[str, Any]] | None = None,
    adopted: list[Adoption] | None = None,
) -> MeasureSummary:
    events = chart_events(measure.project) if events is None else events
    try:
        analysis = analyse_measure(measure, adopted=adopted)
    except NotEnoughData:
        return MeasureSummary(
            measure, None, None, problem="Enter at least two periods of data to see the SPC chart."
        )
    except SpcInputError as error:
        return MeasureSummary(measure, None, None, problem=f"The data cannot be charted: {error}")
    view = MeasureSummary(measure, measure_chart(analysis, events), analysis)
    if analysis.variation_icon:
        view.variation_label = ICON_LABELS.get(analysis.variation_icon, "")
        view.variation_svg = variation_icon_svg(analysis.variation_icon, size=44)
    if analysis.assurance_icon:
        view.assurance_label = ICON_LABELS.get(analysis.assurance_icon, "")
        view.assurance_svg = assurance_icon_svg(analysis.assurance_icon, size=44)
        view.assurance_basis = assurance_basis(analysis.assurance_icon, analysis.segment_start)
    view.proposal = current_proposal(measure, analysis, analysis.adopted)
    return view


# ---------------------------------------------------------------- lists


def project_queryset() -> QuerySet[Project]:
    return Project.objects.select_related("site", "ward", "specialty", "programme")


def my_projects(user: Any) -> QuerySet[Project]:
    """Projects the user created or is on the team of, newest first."""
    staff = getattr(user, "staff_member", None) if hasattr(user, "staff_member") else None
    condition = Q(created_by=user)
    if staff is not None:
        condition |= Q(members__staff=staff)
    return (
        project_queryset()
        .filter(condition)
        .distinct()
        .prefetch_related(
            Prefetch("members", queryset=ProjectMember.objects.select_related("staff"))
        )
        .order_by("-updated_at")
    )


def pending_approvals(user: Any) -> QuerySet[StageChange]:
    """Stage changes waiting for this person's decision (as a project's coach), never their own."""
    from qls.projects.permissions import CHANGE_ANY_PROJECT

    # Through the sign-in, not a staff record looked up first: one query in all.
    condition = Q(pk__in=[])
    if getattr(user, "is_authenticated", False):
        condition |= Q(
            project__members__staff__user=user, project__members__role=ProjectMember.Role.COACH
        )
    if user.has_perm(CHANGE_ANY_PROJECT):
        coached = ProjectMember.objects.filter(role=ProjectMember.Role.COACH).values("project")
        condition |= ~Q(project__in=coached)
        # The coach's own requests come to the improvement team: nobody approves their own.
        asked_by_coach = ProjectMember.objects.filter(
            project=OuterRef("project"),
            role=ProjectMember.Role.COACH,
            staff__user=OuterRef("by"),
        )
        condition |= Q(Exists(asked_by_coach))
        # A coach who has left or no longer coaches cannot decide; nor can one
        # who has let the request wait too long (access.improvement_team_decides).
        from qls.accounts.roles import Role
        from qls.projects.access import wait_days

        available = ProjectMember.objects.filter(
            project=OuterRef("project"),
            role=ProjectMember.Role.COACH,
            staff__active=True,
            staff__user__is_active=True,
            staff__user__groups__name=Role.QI_COACH,
        )
        condition |= ~Q(Exists(available))
        condition |= Q(at__lte=timezone.now() - dt.timedelta(days=wait_days() + 1))
    return (
        StageChange.objects.filter(status=StageChange.Status.REQUESTED)
        .filter(condition)
        .exclude(by=user)
        .select_related("project", "by")
        .distinct()
        .order_by("at")
    )


def today() -> dt.date:
    return dt.date.today()


def recent_evidence(limit: int = 5) -> list[Evidence]:
    """The latest evidence of improvement found across projects, newest signal first."""
    return list(
        Evidence.objects.filter(found=True, first_period__isnull=False)
        .select_related("measure__project")
        .order_by("-first_period", "-pk")[:limit]
    )
