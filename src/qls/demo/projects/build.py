"""Demo QI projects: ~600 across the three sites (2,400 at ``--scale full``).

The ``projects`` step of ``manage.py demo``, after the measurement step. Every stage,
category and strategic aim is represented; projects past scoping have a
driver diagram, those testing or later have PDSA cycles (ramps of up to
three, ending in adopt, adapt or abandon) and measures, and closed ones have
an evaluation. Measures come in three kinds, so evidence of improvement
means something:

* linked to the QLS series of a deliberate improvement in the measurement
  demo (``demo_improvements``), with the change adopted two to six weeks
  before the shift — the evidence rule really finds these;
* project-entered weekly data, some with a lasting shift a few weeks after
  the adopted change, some without any change;
* linked to an ordinary ward series, where the data decides.

The demo log-ins take part: 'lead' leads several projects on their ward
(including the falls project behind a real improvement), 'coach' coaches a
dozen, 'staff' is a team member on a few. Rows are bulk-inserted without
audit history (see ``qls.demo.context``); evidence and the search
index are computed in bulk at the end. Deterministic for a seed, except that
dates are placed relative to today, as the measurement demo's are.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qls.demo.context import DemoContext, DemoStep, raw_delete
from qls.demo.projects import data
from qls.demo.projects.measures import MeasureRows
from qls.demo.projects.rows import set_datetimes
from qls.organisation.models import (
    QualityDomain,
    StrategicAim,
)
from qls.projects.models import (
    DriverNode,
    Evaluation,
    Evidence,
    Measure,
    MeasureValue,
    PDSACycle,
    Programme,
    ProgressScore,
    Project,
    ProjectMember,
    Recalculation,
    SearchDocument,
    StageChange,
    Tag,
)


def reset_projects(ctx: DemoContext) -> None:
    raw_delete(
        SearchDocument,
        ProgressScore,
        Evaluation,
        Evidence,
        Recalculation,
        MeasureValue,
        Measure,
        PDSACycle,
        DriverNode,
        StageChange,
        ProjectMember,
        Project.tags.through,
        Project.domains.through,
        Project.strategic_aims.through,
        Project,
        Tag,
    )
    Programme.objects.filter(name__in=[name for name, _ in data.PROGRAMMES]).delete()


class Builder(MeasureRows):
    """Builds every row of the demo's projects, in the order they depend on each other."""

    def build(self) -> dict[str, int]:
        plans = self.plans()
        aims = {a.number: a for a in StrategicAim.objects.all()}
        domains = {d.slug: d for d in QualityDomain.objects.all()}
        programmes = [
            Programme.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in data.PROGRAMMES
        ]
        tags = {
            name: Tag.objects.get_or_create(name=name)[0]
            for name in sorted({t for topic in data.TOPICS for t in topic.tags})
        }
        projects = []
        for p in plans:
            projects.append(self.project(p, programmes))
        projects = Project.objects.bulk_create(projects, batch_size=500)
        # Registration dates: auto_now_add stamped "now"; put them where the story says.
        for project, p in zip(projects, plans, strict=True):
            registered = p.start - dt.timedelta(days=self.rng.randint(0, 21))
            project.created_at = timezone.make_aware(
                dt.datetime.combine(registered, dt.time(9 + self.rng.randint(0, 8), 0))
            )
        set_datetimes(Project, "created_at", [(p.created_at, p.pk) for p in projects])
        self.links(projects, plans, aims, domains, tags)
        self.team(projects, plans)
        self.stage_changes(projects, plans)
        ideas = self.diagrams(projects, plans)
        adoptions = self.cycles(projects, plans, ideas)
        measures = self.measures(projects, plans, adoptions)
        self.evaluations(projects, plans)
        found = self.evidence(measures, adoptions)
        from qls.projects.search.documents import index_projects

        indexed = index_projects()
        return {"projects": len(projects), "evidence": found, "indexed": indexed}


def approve_a_recalculation(ctx: DemoContext) -> Recalculation | None:
    """One measure whose coach agreed to recalculate its limits after an adopted change.

    The demo coach's projects are looked at first, then any coached project;
    among measures QLS proposes a recalculation for, one that is
    "consistently failing" on its old limits is preferred, as that is where
    the recalculation matters most.
    """
    from qls.projects import recalculation
    from qls.projects.measure_analysis import NotEnoughData, analyse_measure
    from qls.projects.measure_inputs import adoptions
    from qls.spc import SpcInputError

    coached = ProjectMember.objects.filter(
        role=ProjectMember.Role.COACH, staff__user__isnull=False
    ).select_related("staff__user")
    coach_of = {m.project_id: m.staff.user for m in coached}
    demo_coach = ctx.users.get("coach")
    candidates = (
        Measure.objects.filter(evidence__found=True, project_id__in=list(coach_of))
        .exclude(target=None)
        .select_related("project", "series", "series__metric")
        .order_by("pk")
    )
    ranked = sorted(candidates, key=lambda m: coach_of[m.project_id] != demo_coach)
    best = None
    for measure in ranked[:200]:
        adopted = adoptions(measure.project)
        try:
            analysis = analyse_measure(measure, adopted=adopted)
        except (NotEnoughData, SpcInputError):
            continue
        proposal = recalculation.current_proposal(measure, analysis, adopted)
        if proposal is None:
            continue
        if best is None:
            best = (measure, proposal)
        if analysis.assurance_icon == "consistent_fail":
            best = (measure, proposal)
            break
    if best is None:
        return None
    measure, proposal = best
    return recalculation.record_decision(
        measure=measure,
        proposal=proposal,
        approve=True,
        reason="The change is how the ward works now; judge the target on the process as it is.",
        by=coach_of[measure.project_id],
    )


def build_projects(ctx: DemoContext) -> None:
    counts = Builder(ctx).build()
    recalculated = approve_a_recalculation(ctx)
    from qls.demo.projects.scores import confirm_demo_scores

    scored, overridden = confirm_demo_scores(ctx)
    ctx.log(
        f"  {counts['projects']:,} QI projects, {counts['evidence']:,} measures with evidence "
        f"of improvement, {counts['indexed']:,} indexed for search, "
        f"{'one' if recalculated else 'no'} measure's limits recalculated after a change, "
        f"{scored:,} IHI progress scores confirmed ({overridden} overridden with a reason)"
    )


STEP = DemoStep("projects", build_projects, reset_projects)
