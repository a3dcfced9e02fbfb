"""Small builders for the search, dashboard and poster tests: real rows, few of them."""

from __future__ import annotations

import datetime as dt
import itertools

from qls.organisation.models import QualityDomain, StaffGroup, StrategicAim
from qls.projects.models import (
    DriverNode,
    Evaluation,
    Evidence,
    Measure,
    MeasureValue,
    PDSACycle,
    Project,
    ProjectMember,
    Tag,
)
from tests.factories.organisation import SiteFactory, StaffMemberFactory, WardFactory

_n = itertools.count(1)


def make_project(
    title: str,
    *,
    problem: str = "Patients come to harm.",
    aim: str = "Halve harm by March.",
    site: str = "BAS",
    ward: str | None = None,
    ward_name: str = "",
    stage: str = "testing",
    category: str = "improve",
    aims: tuple[int, ...] = (1,),
    domains: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    lead_group: str = StaffGroup.NURSING_MIDWIFERY,
    created: dt.datetime | None = None,
) -> Project:
    site_obj = SiteFactory(code=site, name=f"{site} Hospital")
    ward_obj = (
        WardFactory(site=site_obj, code=ward, name=ward_name or f"{ward} Ward") if ward else None
    )
    project = Project.objects.create(
        title=title,
        problem=problem,
        aim_statement=aim,
        site=site_obj,
        ward=ward_obj,
        specialty=ward_obj.specialty if ward_obj else None,
        start_date=dt.date(2025, 1, 6),
        category=category,
        coproduction_level="involving",
        stage=stage,
        closure_outcome="sustained" if stage == "closed" else "",
    )
    project.strategic_aims.set(StrategicAim.objects.filter(number__in=aims))
    if domains:
        project.domains.set(QualityDomain.objects.filter(slug__in=domains))
    for name in tags:
        project.tags.add(Tag.objects.get_or_create(name=name)[0])
    lead = StaffMemberFactory(
        staff_number=f"7{next(_n):07d}", site=site_obj, ward=ward_obj, staff_group=lead_group
    )
    ProjectMember.objects.create(project=project, staff=lead, role="lead")
    if created:
        Project.objects.filter(pk=project.pk).update(created_at=created)
        project.refresh_from_db()
    return project


def add_change(project: Project, idea: str, *, notes: str = "", adopted: dt.date | None = None):
    primary = DriverNode.objects.create(project=project, kind="primary", text="Reliable care")
    node = DriverNode.objects.create(project=project, parent=primary, kind="change_idea", text=idea)
    cycle = PDSACycle.objects.create(
        change_idea=node,
        number=1,
        plan_what=f"Test {idea} on one bay",
        prediction="Fewer incidents",
        do_notes=notes,
        started_on=(adopted - dt.timedelta(days=28)) if adopted else None,
        act_decision="adopt" if adopted else "",
        ended_on=adopted,
    )
    return node, cycle


def add_evidence(project: Project, node: DriverNode, cycle: PDSACycle, *, measure_name="Falls"):
    measure = Measure.objects.create(project=project, kind="outcome", name=measure_name)
    start = dt.date(2025, 1, 6)
    for week in range(30):
        MeasureValue.objects.create(
            measure=measure, period=start + dt.timedelta(weeks=week), value=10 if week < 15 else 4
        )
    return Evidence.objects.create(
        measure=measure,
        found=True,
        first_period=dt.date(2025, 5, 5),
        change_idea=node,
        cycle=cycle,
        adopted_on=cycle.ended_on,
        rule="rule_shift",
        sentence=f"{measure_name}: special cause improvement from week of 5 May 2025, "
        f"4 weeks after '{node.text}' was adopted",
    )


def add_evaluation(project: Project, lessons: str) -> Evaluation:
    return Evaluation.objects.create(
        project=project,
        aim_achieved="yes",
        evidence="Shift on the chart",
        sustainability_plan="Part of the ward routine",
        spread_potential="All medical wards",
        costs_benefits="No extra cost",
        lessons_learned=lessons,
        do_differently="Involve night staff sooner",
    )
