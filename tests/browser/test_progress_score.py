"""A coach confirms a project's IHI progress score in the browser: the form starts
from QLS's suggestion, an override without a reason is refused, with one it is
kept, and the project page shows both scores and the history. Each page passes
the accessibility check and fits a 390 px screen (the ``axe`` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from qls.projects.models import PDSACycle, ProgressScore
from tests.factories.projects import change_idea, project_with_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_confirms_then_overrides_the_suggested_score(page, personas, login, site_url, axe):
    project = project_with_team(personas)
    PDSACycle.objects.create(
        change_idea=change_idea(project), number=1, plan_what="Bay nursing at night",
        prediction="Fewer falls", started_on=dt.date(2025, 2, 3), act_decision="adopt",
        ended_on=dt.date(2025, 2, 17),
    )  # fmt: skip

    login(page, personas["coach"])
    page.goto(f"{site_url}{project.get_absolute_url()}#progress-score")
    page.get_by_role("link", name="Confirm or change the score").click()
    expect(page.get_by_role("heading", name="Confirm the IHI progress score")).to_be_visible()
    expect(page.get_by_label("3.0 Modest improvement (suggested)")).to_be_checked()
    axe(page, context="the score form")
    page.get_by_role("button", name="Record the score").click()
    expect(
        page.get_by_text("The IHI progress score is confirmed at 3.0 Modest improvement")
    ).to_be_visible()

    page.get_by_role("link", name="Confirm or change the score").click()
    page.get_by_label("2.5 Changes tested, but no improvement").check()
    page.get_by_role("button", name="Record the score").click()
    expect(
        page.get_by_text("Enter the reason for choosing 2.5 when QLS suggests 3.0").first
    ).to_be_visible()
    axe(page, context="the score form refusing an override without a reason")
    assert ProgressScore.objects.count() == 1

    page.get_by_label("Reason, if you choose a different score").fill(
        "The change is adopted on one bay only, not yet across the ward"
    )
    page.get_by_role("button", name="Record the score").click()
    section = page.locator("#progress-score")
    expect(section.get_by_text("2.5 Changes tested, but no improvement").first).to_be_visible()
    expect(section.get_by_role("heading", name="Score history")).to_be_visible()
    axe(page, context="the project page with its score history")
    assert ProgressScore.objects.count() == 2
