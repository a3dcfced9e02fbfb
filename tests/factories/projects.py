"""Factories for the QI project registry (factory_boy), and team personas."""

from __future__ import annotations

import datetime as dt

import factory

from qls.projects.models import (
    DriverNode,
    Evaluation,
    Measure,
    MeasureValue,
    PDSACycle,
    Project,
    ProjectMember,
)
from tests.factories.organisation import (
    SiteFactory,
    StaffMemberFactory,
    StrategicAimFactory,
    WardFactory,
)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    problem = "Patients fall at night when bays are unobserved."
    aim_statement = "Reduce falls on the ward by 30% by March 2026."
    site = factory.SubFactory(SiteFactory)
    start_date = dt.date(2025, 1, 6)
    category = Project.Category.IMPROVE
    coproduction_level = Project.Coproduction.CONSULTING

    @factory.post_generation
    def strategic_aims(self, create, extracted, **kwargs):
        if not create:
            return
        self.strategic_aims.set(extracted or [StrategicAimFactory()])


class ProjectMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMember

    project = factory.SubFactory(ProjectFactory)
    staff = factory.SubFactory(StaffMemberFactory)
    role = ProjectMember.Role.MEMBER


class DriverNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DriverNode

    project = factory.SubFactory(ProjectFactory)
    parent = None
    kind = DriverNode.Kind.PRIMARY
    text = factory.Sequence(lambda n: f"Driver {n}")
    position = factory.Sequence(int)


def change_idea(project: Project, text: str = "Bay nursing") -> DriverNode:
    """A primary driver with one change idea under it."""
    primary = DriverNodeFactory(project=project, text="Observation of patients")
    return DriverNodeFactory(
        project=project, parent=primary, kind=DriverNode.Kind.CHANGE_IDEA, text=text
    )


class PDSACycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PDSACycle

    change_idea = factory.LazyFunction(lambda: change_idea(ProjectFactory()))
    number = factory.Sequence(lambda n: n + 1)
    plan_what = "One bay, one night shift, a nurse always present."
    prediction = "No falls in the bay that night."
    started_on = dt.date(2025, 2, 3)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    project = factory.SubFactory(ProjectFactory)
    kind = Measure.Kind.OUTCOME
    name = "Falls per 1,000 bed days"
    improvement_direction = "decrease"
    chart_type = "xmr"
    frequency = "week"


def add_values(measure: Measure, start: dt.date, values: list[float]) -> None:
    step = 7 if measure.frequency == "week" else 1
    MeasureValue.objects.bulk_create(
        MeasureValue(measure=measure, period=start + dt.timedelta(days=step * i), value=v)
        for i, v in enumerate(values)
    )


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    project = factory.SubFactory(ProjectFactory)
    aim_achieved = Evaluation.AimAchieved.PARTLY
    evidence = "Falls fell from 8 to 5 per 1,000 bed days."
    sustainability_plan = "Ward manager audits bay nursing monthly."
    spread_potential = "Any ward with bays."
    costs_benefits = "No extra staff; fewer harms."
    lessons_learned = "Start small."
    do_differently = "Involve night staff earlier."


def link_staff(user, **kwargs):
    """Give a persona a staff directory record, so they can be on a team."""
    return StaffMemberFactory(user=user, first_name=user.username.title(), **kwargs)


def project_with_team(personas) -> Project:
    """A project led by the ``lead`` persona and coached by the ``coach`` persona.

    The other personas get staff records too but are not on the team.
    """
    ward = WardFactory()
    staff = {name: link_staff(user, ward=ward) for name, user in personas.items()}
    project = ProjectFactory(created_by=personas["lead"], site=ward.site, ward=ward)
    ProjectMemberFactory(project=project, staff=staff["lead"], role=ProjectMember.Role.LEAD)
    ProjectMemberFactory(project=project, staff=staff["coach"], role=ProjectMember.Role.COACH)
    return project
