"""The cohort planner: the preview's dates and the one-step, all-or-nothing creation."""

from __future__ import annotations

import datetime as dt

import pytest

from qls.capability.models import Cohort, Session
from qls.capability.training import planner
from qls.capability.training.errors import PlanRefused
from qls.projects.models import Programme
from tests.factories.organisation import SiteFactory

pytestmark = pytest.mark.django_db


def test_four_practitioner_cohorts_start_each_quarter_with_weekly_sessions(practitioner):
    sites = [SiteFactory(name="Alpha"), SiteFactory(name="Beta")]
    plan = planner.plan(
        course=practitioner, year=2027, count=4, weekday=1, sites=sites, capacity=24
    )
    assert [p.start_date for p in plan] == [
        dt.date(2027, 1, 5),
        dt.date(2027, 4, 6),
        dt.date(2027, 7, 6),
        dt.date(2027, 10, 5),
    ]
    assert all(p.start_date.weekday() == 1 for p in plan)
    assert plan[0].session_dates == [dt.date(2027, 1, 5) + dt.timedelta(weeks=n) for n in range(5)]
    assert [p.site.name for p in plan] == ["Alpha", "Beta", "Alpha", "Beta"]
    assert plan[0].name == "QSIR Practitioner 2027 cohort 1 (Alpha)"


def test_new_years_day_is_skipped(fundamentals):
    # 1 January 2029 is a Monday.
    (first,) = planner.plan(course=fundamentals, year=2029, count=1, weekday=0, sites=[],
                            capacity=10)  # fmt: skip
    assert first.start_date == dt.date(2029, 1, 8)


def test_each_site_repeats_the_plan_at_every_site(fundamentals):
    sites = [SiteFactory(), SiteFactory(), SiteFactory()]
    plan = planner.plan(
        course=fundamentals,
        year=2027,
        count=12,
        weekday=2,
        sites=sites,
        capacity=20,
        each_site=True,
    )
    assert len(plan) == 36
    assert len({p.name for p in plan}) == 36


def test_create_writes_cohorts_sessions_and_a_programme_for_practitioner(practitioner):
    plan = planner.plan(course=practitioner, year=2027, count=4, weekday=3, sites=[], capacity=24)
    created = planner.create(course=practitioner, planned=plan, start_time=dt.time(9))
    assert len(created) == 4
    assert Session.objects.filter(cohort__in=created).count() == 20
    assert all(c.programme.kind == Programme.Kind.QSIR_COHORT for c in created)


def test_create_is_all_or_nothing_when_a_name_clashes(practitioner):
    plan = planner.plan(course=practitioner, year=2027, count=4, weekday=3, sites=[], capacity=24)
    planner.create(course=practitioner, planned=plan[2:3])
    with pytest.raises(PlanRefused, match="already exist, so nothing was created"):
        planner.create(course=practitioner, planned=plan)
    assert Cohort.objects.count() == 1


@pytest.mark.parametrize(("count", "capacity"), [(0, 10), (61, 10), (4, 0)])
def test_bad_plans_are_refused(practitioner, count, capacity):
    with pytest.raises(PlanRefused):
        planner.plan(course=practitioner, year=2027, count=count, weekday=0, sites=[],
                     capacity=capacity)  # fmt: skip
