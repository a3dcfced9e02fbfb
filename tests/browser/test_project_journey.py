"""A QI project from registration to closure, then found by someone at another site.

The lead registers the project, builds the driver diagram in the page (htmx,
no reloads), asks to move to testing (the coach approves in their own
browser), runs two PDSA cycles (the second ramps from the first, the first
adopts the change), pastes weekly measure data, sees the SPC chart with its
annotations and the evidence sentence, writes the evaluation and closes the
project. A member of staff at another site then finds it. Every page gets an
accessibility check.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from qls.projects import actions
from qls.projects.models import Project
from tests.factories.capability_coaching import CoachFactory
from tests.factories.organisation import SiteFactory, StaffMemberFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASELINE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11]
AFTER = [6, 7, 5, 6, 6, 7, 5, 6]
START = dt.date(2025, 1, 6)
TITLE = "Fewer falls on Kingfisher Ward"


@pytest.fixture
def people(personas, reference_data):
    home = WardFactory(
        code="BAS-W01",
        name="Kingfisher Ward",
        site=SiteFactory(code="BAS", name="Basildon Hospital"),
    )
    elsewhere = WardFactory(
        code="SOU-W01", name="Heron Ward", site=SiteFactory(code="SOU", name="Southend Hospital")
    )
    StaffMemberFactory(user=personas["lead"], first_name="Priya", last_name="Shah", ward=home)
    tom = StaffMemberFactory(
        user=personas["coach"], first_name="Tom", last_name="Okafor", ward=home, job_role="QI coach"
    )
    CoachFactory(staff=tom)
    StaffMemberFactory(user=personas["staff"], first_name="Ana", last_name="Silva", ward=elsewhere)
    return personas


def _paste_lines() -> str:
    values = BASELINE + AFTER
    return "Week\tFalls per 1,000 bed days\n" + "\n".join(
        f"{START + dt.timedelta(weeks=i):%d/%m/%Y}\t{v}" for i, v in enumerate(values)
    )


def test_project_journey_from_registration_to_closure(page, browser, people, login, site_url, axe):
    login(page, people["lead"])

    # --- register
    page.goto(site_url + "/projects/mine/")
    axe(page, context="my projects (empty)")
    page.get_by_role("link", name="Register a project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a QI project")
    axe(page, context="register form")
    page.get_by_role("button", name="Register project").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Choose at least one strategic aim the project supports")
    ).to_be_visible()
    axe(page, context="register form with errors")

    page.get_by_label("Project title").fill(TITLE)
    page.get_by_label("Problem statement").fill("Eight falls a month at night in the bays.")
    page.get_by_label("Aim statement").fill("Reduce falls on Kingfisher Ward by 30% by March 2026.")
    page.get_by_label("4. A quality learning system").check()
    page.get_by_label("Safe", exact=True).check()
    page.get_by_label("Site", exact=True).select_option(label="Basildon Hospital")
    page.get_by_label("Start date").fill("2025-01-06")
    page.get_by_label("Improve", exact=True).check()
    page.get_by_label("Involving", exact=True).check()
    page.get_by_label("Tags").fill("falls, night staffing")
    # the sponsor is found by name: suggestions fill the box's list as it is typed
    sponsor = page.get_by_label("Sponsor")
    sponsor.press_sequentially("okaf")
    suggestion = page.locator("#id_sponsor-people option").first
    expect(suggestion).to_have_attribute("value", re.compile(r"^Tom Okafor \(\d+\)$"))
    sponsor.fill(suggestion.get_attribute("value") or "")
    page.get_by_role("button", name="Register project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # the improvement team names the coach from the coach pool (a team cannot pick its own)
    actions.add_member(
        project=Project.objects.get(title=TITLE),
        staff=people["coach"].staff_member,
        role="coach",
        by=people["improvement"],
    )
    page.reload()
    expect(page.get_by_role("cell", name=re.compile("^Priya Shah"))).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("^Tom Okafor"))).to_have_count(2)
    project_url = page.url
    axe(page, context="new project page")

    # --- driver diagram, edited in place (no page load: a marker on window survives)
    page.evaluate("window.__samePage = true")
    page.get_by_label("New primary driver").fill("Observation of patients at risk")
    page.get_by_role("button", name="Add primary driver").click()
    expect(
        page.get_by_text("Added primary driver 'Observation of patients at risk'.")
    ).to_be_visible()
    page.get_by_text("Add under this").first.click()
    page.get_by_label(re.compile("^Text of the new driver or idea")).fill(
        "Bays observed at all times"
    )
    page.get_by_role("button", name=re.compile("^Add under Observation")).click()
    expect(page.get_by_text("Added secondary driver 'Bays observed at all times'.")).to_be_visible()
    page.get_by_text("Add under this").nth(1).click()
    page.get_by_label(re.compile("^New change idea")).fill("Bay nursing")
    page.get_by_role("button", name=re.compile("^Add under Bays observed")).click()
    expect(page.get_by_text("Added change idea 'Bay nursing'.")).to_be_visible()
    page.get_by_role("link", name="Rename Observation of patients at risk").click()
    page.get_by_label("New text for Observation of patients at risk").fill(
        "Observation of patients"
    )
    page.get_by_role("button", name=re.compile("^Save new text")).click()
    expect(page.get_by_text("Renamed to 'Observation of patients'.")).to_be_visible()
    assert page.evaluate("window.__samePage === true"), "the driver diagram edits reloaded the page"
    diagram = page.locator(".qls-driver-diagram svg")
    expect(diagram).to_have_attribute("role", "img")
    expect(diagram.locator("text", has_text="Bay nursing")).to_have_count(1)
    axe(page, context="project page with driver diagram")

    # --- the move to testing waits for the coach, who approves it in their own browser
    page.get_by_label("Move the project to").select_option("testing")
    page.get_by_role("button", name="Change stage").click()
    expect(
        page.get_by_text(re.compile("needs approval. .*, the project's coach, will decide"))
    ).to_be_visible()
    coach_context = browser.new_context(base_url=site_url)
    coach_page = coach_context.new_page()
    login(coach_page, people["coach"])
    coach_page.goto(site_url + "/projects/approvals/")
    expect(coach_page.get_by_role("link", name=TITLE)).to_be_visible()
    axe(coach_page, context="coach's approvals")
    coach_page.get_by_role("button", name="Approve move to testing").click()
    expect(coach_page.get_by_text("The move to testing is approved.")).to_be_visible()
    coach_context.close()
    page.goto(project_url)
    expect(page.locator(".qls-stages__item--current")).to_have_text(re.compile("Testing"))

    # --- two PDSA cycles: the first adopted, the second ramping from it
    page.get_by_role("link", name="Bay nursing", exact=True).first.click()
    axe(page, context="change idea page")
    page.get_by_role("link", name="Plan a first PDSA cycle").click()
    axe(page, context="PDSA form")
    page.get_by_label("Short name for this test").fill("One bay, nights")
    page.get_by_label("Plan: what will you test?").fill("A nurse stays in bay 3 all night.")
    page.get_by_label("Who will do it?").fill("Night staff nurse")
    page.get_by_label("What do you predict will happen?").fill("No falls in bay 3 for two weeks.")
    page.get_by_label("Date the test started").fill("2025-05-05")
    page.get_by_label("Do: what happened?").fill("Done on 12 of 14 nights.")
    page.get_by_label("Study: the result against your prediction").fill(
        "One fall, fewer than predicted."
    )
    page.get_by_label("Adopt", exact=True).check()
    page.get_by_label("Date of the decision").fill("2025-05-26")
    page.get_by_role("button", name="Save PDSA cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDSA 1: One bay, nights")
    axe(page, context="PDSA cycle 1")
    page.get_by_role("link", name="Plan the next cycle in this ramp").click()
    expect(page.get_by_label("Builds on")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Short name for this test").fill("All bays, nights")
    page.get_by_label("Plan: what will you test?").fill("A nurse in every bay at night.")
    page.get_by_label("What do you predict will happen?").fill("Falls halve across the ward.")
    page.get_by_label("Date the test started").fill("2025-06-02")
    page.get_by_role("button", name="Save PDSA cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDSA 2: All bays, nights")
    expect(page.get_by_role("link", name="PDSA 1", exact=True)).to_be_visible()
    axe(page, context="PDSA cycle 2")
    # a third cycle, entered by mistake, is deleted again
    page.get_by_role("link", name="Bay nursing", exact=True).first.click()
    page.get_by_role("link", name="Plan the next PDSA cycle").click()
    page.get_by_label("Short name for this test").fill("Entered twice")
    page.get_by_label("Plan: what will you test?").fill("A nurse in every bay at night.")
    page.get_by_label("What do you predict will happen?").fill("Falls halve.")
    page.get_by_role("button", name="Save PDSA cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDSA 3: Entered twice")
    page.get_by_role("link", name="Delete this cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete PDSA cycle 3?")
    axe(page, context="delete a PDSA cycle")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("PDSA cycle 3 deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="PDSA 2: All bays, nights")).to_be_visible()
    expect(page.get_by_role("link", name="PDSA 3: Entered twice")).to_have_count(0)

    # --- a measure, with data pasted from a spreadsheet
    page.goto(project_url + "#measures")
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Outcome", exact=True).check()
    page.get_by_label("Measure name").fill("Falls per 1,000 bed days")
    page.get_by_label("Unit", exact=True).fill("per 1,000 bed days")
    axe(page, context="measure form")
    page.get_by_role("button", name="Save measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paste data from a spreadsheet")
    page.get_by_label("Paste from a spreadsheet").fill("2025-01-06\t10\n2025-01-13\tten")
    page.get_by_role("button", name="Save data").click()
    expect(page.get_by_text("Line 2: the value 'ten' is not a number.")).to_be_visible()
    axe(page, context="paste with a bad line")
    page.get_by_label("Paste from a spreadsheet").fill(_paste_lines())
    page.get_by_role("button", name="Save data").click()
    expect(page.get_by_text("28 period(s) read; 28 added or changed.")).to_be_visible()

    sentence = (
        "Falls per 1,000 bed days: special cause improvement from week of 26 May 2025, "
        "the week 'Bay nursing' was adopted"
    )
    expect(page.get_by_text(sentence)).to_be_visible()
    chart = page.locator(".qls-chart").first
    expect(chart.locator(".qls-chart__description")).to_contain_text(
        "Numbered markers: 1, Adopted: Bay nursing"
    )
    expect(chart.locator(".qls-chart__key")).to_contain_text("PDSA 2: All bays, nights")
    chart.scroll_into_view_if_needed()  # charts draw as they come into view
    expect(chart.locator(".qls-chart__canvas svg").first).to_be_visible(timeout=30_000)
    expect(
        page.get_by_role("img", name=re.compile("^Special cause variation")).first
    ).to_be_visible()
    axe(page, context="measure page with chart and evidence")

    page.goto(project_url)
    expect(page.get_by_text(sentence).first).to_be_visible()

    # --- evaluation, then closure
    page.get_by_role("link", name="Write the evaluation").click()
    axe(page, context="evaluation form")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Evidence from the measures").fill(
        "Falls fell from about 10 to 6 per 1,000 bed days."
    )
    page.get_by_label("Sustainability plan").fill("The ward manager checks bay nursing each month.")
    page.get_by_label("Spread potential").fill("Any ward with bays of older patients.")
    page.get_by_label("Costs and benefits").fill("No extra staff; fewer harms and shorter stays.")
    page.get_by_label("Lessons learned").fill("Start with one bay and the night team.")
    page.get_by_label("What would you do differently?").fill("Involve patients' families sooner.")
    page.get_by_role("button", name="Save evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the project")
    axe(page, context="close form")
    page.get_by_label("Sustained", exact=True).check()
    page.get_by_label("Reason for closing").fill("Falls stayed down for six months.")
    page.get_by_role("button", name="Close the project").click()
    expect(page.get_by_text(f"'{TITLE}' is closed.")).to_be_visible()
    expect(page.locator(".qls-stages__item--current")).to_have_text(re.compile("Closed"))
    axe(page, context="closed project")

    # --- someone at another site finds it
    other = browser.new_context(base_url=site_url)
    other_page = other.new_page()
    login(other_page, people["staff"])
    other_page.goto(site_url + "/projects/")
    axe(other_page, context="project search for another site's staff")
    other_page.get_by_label("Search projects").fill("falls Kingfisher")
    other_page.get_by_role("button", name="Search", exact=True).click()
    other_page.get_by_role("link", name=TITLE).first.click()
    expect(other_page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(other_page.get_by_text(sentence).first).to_be_visible()
    expect(other_page.get_by_role("link", name="Change project details")).to_have_count(0)
    expect(other_page.get_by_label("New primary driver")).to_have_count(0)
    axe(other_page, context="closed project read by another site's staff")
    other.close()
