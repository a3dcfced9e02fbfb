"""A small reporting world: monthly metrics whose SPC gives each kind of result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qls.measurement.models import ChartType, Frequency, ImprovementDirection, Level, Series
from qls.measurement.spc_cache import recompute_series
from qls.organisation.models import QualityDomain, StaffMember
from qls.reports import actions
from qls.reports.models import Report
from qls.reports.models.section import SectionKind
from tests.factories import measurement as meas
from tests.factories.organisation import StaffMemberFactory

FIRST = dt.date(2024, 1, 1)
# Two years of a steady process around 10, then December 2025 decides the result.
STEADY_YEARS = [
    10,
    11,
    9,
    10,
    12,
    10,
    9,
    11,
    10,
    10,
    11,
    9,
    10,
    12,
    10,
    9,
    11,
    10,
    10,
    11,
    9,
    10,
    12,
]
CONCERN = [*STEADY_YEARS, 40]  # lower is better: a spike (special cause concern)
FAILING = [*STEADY_YEARS, 11]  # higher is better, target 50 (consistently failing)
IMPROVING = [*STEADY_YEARS, 40]  # higher is better: a spike (special cause improvement)
STEADY = [*STEADY_YEARS, 10]


def month(i: int) -> dt.date:
    return dt.date(FIRST.year + (FIRST.month - 1 + i) // 12, (FIRST.month - 1 + i) % 12 + 1, 1)


def monthly_metric(name: str, values: list[float], *, direction: str, target=None) -> Series:
    metric = meas.MetricFactory(
        name=name,
        code=name.lower().replace(" ", "-"),
        chart_type=ChartType.XMR,
        frequency=Frequency.MONTH,
        improvement_direction=direction,
        target=target,
        unit="count",
    )
    series = meas.SeriesFactory(metric=metric, level=Level.TRUST)
    for i, value in enumerate(values):
        meas.ObservationFactory(series=series, period=month(i), value=float(value))
    return series


@dataclass
class World:
    report: Report
    lead: StaffMember  # the executive lead
    owner: StaffMember  # owns every metric
    concern: Series
    failing: Series
    improving: Series
    steady: Series
    empty: Series


def reporting_world(personas, *, lead="executive", owner="lead") -> World:
    """A report of two sections; the executive persona leads it, the lead persona owns it."""
    world = reporting_data(personas, lead=lead, owner=owner)
    safe = QualityDomain.objects.get(slug="safe")
    actions.add_section(
        report=world.report,
        kind=SectionKind.DOMAIN,
        domain=safe,
        metrics=[world.concern.metric, world.steady.metric, world.empty.metric],
        owner=world.owner,
    )
    actions.add_section(
        report=world.report,
        kind=SectionKind.CQC,
        cqc_question="responsive",
        metrics=[world.failing.metric, world.improving.metric],
        owner=world.owner,
    )
    return world


def reporting_data(personas, *, lead="executive", owner="lead") -> World:
    """The people and metrics of ``reporting_world``, with a report that has no sections yet."""
    from qls.organisation.services import load_reference_data

    load_reference_data()
    trust, sites, wards = meas.trust_structure()
    people = {
        name: StaffMemberFactory(user=user, ward=wards[0], site=sites[0], organisation=trust)
        for name, user in personas.items()
        if name in {lead, owner}
    }
    concern = monthly_metric("Falls with harm", CONCERN, direction=ImprovementDirection.DECREASE)
    failing = monthly_metric(
        "Discharges before noon", FAILING, direction=ImprovementDirection.INCREASE, target=50
    )
    improving = monthly_metric(
        "Compliments received", IMPROVING, direction=ImprovementDirection.INCREASE
    )
    steady = monthly_metric("Pressure ulcers", STEADY, direction=ImprovementDirection.DECREASE)
    empty = monthly_metric("Medication errors", [], direction=ImprovementDirection.DECREASE)
    recompute_series([s.pk for s in (concern, failing, improving, steady, empty)])
    report = Report.objects.create(
        name="Quality and Safety Committee — integrated quality report",
        slug="qsc",
        audience="committee",
        executive_lead=people[lead],
    )
    return World(report, people[lead], people[owner], concern, failing, improving, steady, empty)


NARRATIVE = {
    "chart_shows": "Falls with harm rose above the upper limit in December.",
    "why": "Two new bays opened without sensor mats while staffing was short.",
    "actions": "Sensor mats in every bay - matron - by 31 January.",
    "expected": "The chart should return within the limits by March.",
}
