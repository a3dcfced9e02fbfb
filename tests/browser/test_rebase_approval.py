"""Rebasing with approval, walked in the browser: the analyst proposes a rebase
(refused without a reason), the metric's owner approves it, and the chart's
details name both; the coach approves recalculating a project measure's limits
after an adopted change. Each page passes the accessibility check and fits a
390 px screen (the axe fixture checks both)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from qls.measurement import spc_cache
from qls.measurement.models import Observation, RebasePoint, Series
from qls.projects.models import PDSACycle, Recalculation
from tests.factories.accounts import UserFactory
from tests.factories.measurement import MetricFactory
from tests.factories.organisation import StaffMemberFactory
from tests.factories.projects import MeasureFactory, add_values, change_idea, project_with_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = dt.date(2024, 1, 1)


def test_analyst_proposes_owner_approves_and_the_chart_names_both(
    page, personas, login, site_url, axe
):
    owner = UserFactory(username="owner", roles=["Staff"], first_name="Olu", last_name="Owens")
    StaffMemberFactory(user=owner, first_name="Olu", last_name="Owens")
    metric = MetricFactory(
        code="falls", name="Inpatient falls", chart_type="xmr", frequency="week",
        improvement_direction="decrease", target=8.0, owner=owner.staff_member,
    )  # fmt: skip
    series = Series.objects.create(metric=metric, level="trust")
    values = [10.0, 11.0] * 6 + [4.0, 5.0] * 6
    Observation.objects.bulk_create(
        Observation(series=series, period=START + dt.timedelta(weeks=i), value=v)
        for i, v in enumerate(values)
    )
    spc_cache.recompute_metric(metric)

    login(page, personas["analyst"])
    page.goto(f"{site_url}{metric.get_absolute_url()}")
    page.get_by_label("Recalculate limits from").fill("2024-03-25")
    page.get_by_role("button", name="Propose the rebase").click()
    expect(page.get_by_text("Enter the reason: what changed in the process").first).to_be_visible()
    axe(page, context="rebase proposal refused without a reason")
    assert not RebasePoint.objects.exists()
    page.get_by_label("Reason").fill("New falls bundle on every ward")
    page.get_by_role("button", name="Propose the rebase").click()
    expect(page.get_by_text("Rebase proposed")).to_be_visible()
    expect(page.get_by_text("Proposals waiting for a decision")).to_be_visible()
    axe(page, context="metric page with a proposal")

    page.context.clear_cookies()
    login(page, owner)
    page.goto(f"{site_url}{metric.get_absolute_url()}")
    page.get_by_role("link", name="Approve or refuse").click()
    expect(page.get_by_role("heading", name="Decide on a proposed rebase")).to_be_visible()
    axe(page, context="rebase decision")
    page.get_by_label("Approve: recalculate the limits").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Enter the reason for your decision").first).to_be_visible()
    axe(page, context="rebase decision refused without a reason")
    page.get_by_label("Approve: recalculate the limits").check()
    page.get_by_label("Reason for your decision").fill("The bundle started that week")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Rebase approved")).to_be_visible()
    assert RebasePoint.objects.get().status == "approved"

    spc_cache.recompute_metric(metric)
    page.goto(f"{site_url}/data/metrics/falls/trust/")
    details = page.locator(".nhsuk-summary-list")
    expect(details).to_contain_text(f"Proposed by {personas['analyst']}")
    expect(details).to_contain_text("approved by Olu Owens")
    expect(page.get_by_text("Assurance judged on the limits from 25 Mar 2024")).to_be_visible()
    axe(page, context="chart with an approved rebase")


def test_the_coach_approves_recalculating_a_measure_after_an_adopted_change(
    page, personas, reference_data, login, site_url, axe
):
    project = project_with_team(personas)
    idea = change_idea(project, "Bay nursing")
    adopted = dt.date(2025, 1, 6) + dt.timedelta(weeks=12)
    PDSACycle.objects.create(
        change_idea=idea, number=1, plan_what="One bay at night", prediction="Fewer falls",
        started_on=adopted - dt.timedelta(weeks=4), act_decision="adopt", ended_on=adopted,
    )  # fmt: skip
    measure = MeasureFactory(project=project, target=6.0)
    add_values(measure, dt.date(2025, 1, 6), [10.0, 11.0] * 6 + [4.0, 4.4] * 8 + [4.0])

    login(page, personas["coach"])
    page.goto(f"{site_url}{measure.get_absolute_url()}")
    expect(
        page.get_by_text("QLS proposes recalculating the limits from 31 Mar 2025")
    ).to_be_visible()
    axe(page, context="measure with a proposed recalculation")
    page.get_by_role("link", name="Approve or refuse the recalculation").click()
    axe(page, context="recalculation decision")
    page.get_by_label("Approve: recalculate the limits").check()
    page.get_by_label("Reason for your decision").fill("Bay nursing is how the ward works now")
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("Assurance judged on the limits from 31 Mar 2025").first
    ).to_be_visible()
    expect(page.get_by_text("Bay nursing is how the ward works now").first).to_be_visible()
    axe(page, context="measure after the recalculation")
    assert Recalculation.objects.get().status == "approved"
