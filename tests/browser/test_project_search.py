"""Learning across sites: a member of staff at another site finds a project that
worked, reads it, sees similar projects and downloads its poster and the list."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories.organisation import SiteFactory, StaffMemberFactory
from tests.projects.discovery_helpers import (
    add_change,
    add_evaluation,
    add_evidence,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(personas, reference_data):
    heron = make_project(
        "Bay nursing cuts falls on Heron Ward",
        problem="Falls at night on a busy medical ward",
        site="BAS",
        ward="BAS-W02",
        ward_name="Heron Ward",
        stage="closed",
        tags=("falls",),
    )
    node, cycle = add_change(heron, "Bay nursing", adopted=dt.date(2025, 4, 7))
    add_evidence(heron, node, cycle, measure_name="Falls per 1,000 bed days")
    add_evaluation(heron, "The night rota had to change first")
    make_project("Falls prevention on Beech Ward", site="BRO", tags=("falls",), stage="testing")
    make_project("Falls huddles at Basildon", site="BAS", stage="idea")
    make_project("Discharge before noon", site="SOU")
    # The reader works at the third site.
    StaffMemberFactory(user=personas["staff"], site=SiteFactory(code="SOU", name="SOU Hospital"))
    return heron


def test_staff_from_another_site_finds_what_worked(page, personas, registry, login, site_url, axe):
    login(page, personas["staff"])
    page.goto(site_url + "/projects/")
    expect(page.get_by_role("heading", level=1)).to_have_text("QI projects")
    axe(page, context="project list")

    page.get_by_label("Search projects").fill("falls")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(re.compile("3 projects matching"))
    axe(page, context="search results")

    page.get_by_label("BAS Hospital").check()
    expect(page.get_by_role("status")).to_have_text(re.compile("2 projects matching"))
    page.get_by_label("Showed evidence of improvement").check()
    expect(page.get_by_role("status")).to_have_text(re.compile("1 project matching"))
    expect(page).to_have_url(re.compile(r"evidence=on"))
    expect(page.locator("mark").first).to_be_visible()
    axe(page, context="filtered by site and evidence")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV", exact=True).click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert "Bay nursing cuts falls on Heron Ward" in text
    assert "Falls prevention on Beech Ward" not in text

    page.get_by_role("link", name="Bay nursing cuts falls on Heron Ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bay nursing cuts falls on Heron Ward"
    )
    similar = page.get_by_role("region", name="Similar projects")
    expect(similar.get_by_role("link", name="Falls prevention on Beech Ward")).to_be_visible()
    axe(page, context="project page with similar projects")

    with page.expect_download() as poster:
        page.get_by_role("link", name="Download the A3 poster (PDF)").click()
    assert Path(poster.value.path()).read_bytes()[:4] == b"%PDF"

    page.goto(site_url + "/projects/what-worked/?q=falls&elsewhere=on")
    expect(
        page.get_by_role("cell", name=re.compile("^Bay nursing Bay nursing cuts"))
    ).to_be_visible()
    axe(page, context="what worked elsewhere")

    page.goto(site_url + "/projects/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registry dashboard")
    axe(page, context="registry dashboard")
    page.get_by_role(
        "link", name=re.compile("projects with evidence of improvement$")
    ).first.click()
    expect(page.get_by_role("status")).to_have_text(re.compile("^1 project"))
