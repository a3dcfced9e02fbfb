"""Training, projects and a ward programme dated around a December 2025 cut-off,
for the improvement and capability section of an edition."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qls.capability.models import Enrolment
from qls.organisation.models import StrategicAim
from qls.projects.models import PDSACycle, Project, StageChange
from qls.wards.models import Audit
from tests.factories.capability import CohortFactory, EnrolmentFactory
from tests.factories.organisation import SiteFactory
from tests.factories.projects import MeasureFactory, PDSACycleFactory, ProjectFactory, change_idea
from tests.factories.wards import (
    AuditTemplateFactory,
    WardJourneyFactory,
    WardProgrammeFactory,
    WaveFactory,
    standard_levels,
)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def completed(course, *days: dt.date) -> None:
    cohort = CohortFactory(course=course, start_date=dt.date(2025, 9, 1))
    for day in days:
        EnrolmentFactory(cohort=cohort, status=Enrolment.Status.COMPLETED, completed_at=at(day))


def registered(title: str, created: dt.date, aims: list[StrategicAim], **kwargs) -> Project:
    project = ProjectFactory(title=title, strategic_aims=aims, **kwargs)
    Project.objects.filter(pk=project.pk).update(created_at=at(created))
    project.refresh_from_db()
    return project


def moved(project: Project, from_stage: str, to_stage: str, decided: dt.date) -> None:
    change = StageChange.objects.create(
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        status=StageChange.Status.APPROVED,
        decided_at=at(decided),
    )
    StageChange.objects.filter(pk=change.pk).update(at=at(decided, 9))


def improving_project(title: str) -> Project:
    """A measure that first shows special cause improvement in December 2025, a change
    having been adopted in late November."""
    project = registered(title, dt.date(2024, 12, 1), list(StrategicAim.objects.all()[:1]))
    idea = change_idea(project, "Bay nursing at night")
    PDSACycleFactory(
        change_idea=idea,
        started_on=dt.date(2025, 11, 1),
        ended_on=dt.date(2025, 11, 20),
        act_decision=PDSACycle.Act.ADOPT,
    )
    measure = MeasureFactory(project=project, frequency="month", improvement_direction="decrease")
    baseline = [10, 12, 9, 11, 10, 13, 9, 11, 12, 10, 11, 10]
    start = dt.date(2024, 12, 1)
    values = [*baseline, 1]  # Dec 2024 … Nov 2025, then December 2025 far below the limit
    for i, value in enumerate(values):
        y, m = divmod(start.month - 1 + i, 12)
        measure.values.create(period=dt.date(start.year + y, m + 1, 1), value=value)
    return project


def ward_programme():
    """Riverside Hospital's programme: wave 1 (two wards, one started) under way by the
    cut-off, wave 2 not due; one ward Silver at the cut-off and Gold in January."""
    site = SiteFactory(name="Riverside Hospital")
    programme = WardProgrammeFactory(
        start=dt.date(2025, 3, 1), end=dt.date(2026, 12, 31), sites=[site]
    )
    wave1 = WaveFactory(programme=programme, site=site, number=1, start=dt.date(2025, 3, 1))
    wave2 = WaveFactory(programme=programme, site=site, number=2, start=dt.date(2026, 2, 1))
    ahead = WardJourneyFactory(
        wave=wave1,
        stage="action",
        diagnostic_on=dt.date(2025, 3, 5),
        engagement_on=dt.date(2025, 4, 2),
        action_on=dt.date(2026, 1, 10),  # after the cut-off
    )
    WardJourneyFactory(wave=wave1, stage="planned")
    WardJourneyFactory(wave=wave2, stage="planned")
    template = AuditTemplateFactory()
    standard_levels()
    for day, score in [(dt.date(2025, 6, 1), 85), (dt.date(2025, 11, 1), 92)]:
        Audit.objects.create(
            template=template, ward=ahead.ward, date=day, status="submitted",
            score=score, submitted_at=at(day),
        )  # fmt: skip
    Audit.objects.create(
        template=template, ward=ahead.ward, date=dt.date(2026, 1, 12), status="submitted",
        score=95, submitted_at=at(dt.date(2026, 1, 12)),
    )  # fmt: skip  # today the ward is Gold; at the cut-off it was Silver
    return site
