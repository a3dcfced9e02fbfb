"""Journeys through the organisation pages, with an accessibility check on each."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.organisation import (
    OrganisationFactory,
    SiteFactory,
    StaffMemberFactory,
    WardFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def structure(db):
    host = OrganisationFactory(host=True)
    site = SiteFactory(organisation=host, code="BAS", name="Basildon Hospital", town="Basildon")
    ward = WardFactory(site=site, code="BAS-W01", name="Kingfisher Ward")
    WardFactory(site=site, code="BAS-ED", name="Emergency Department", kind="department",
                in_programme=False, beds=None)  # fmt: skip
    OrganisationFactory(code="ICB1", name="Estuary ICB (test)", kind="icb")
    StaffMemberFactory(first_name="Priya", last_name="Shah", ward=ward)
    StaffMemberFactory.create_batch(55, ward=ward)
    return host


def test_staff_member_walks_the_organisation_pages(
    page, personas, structure, reference_data, login, site_url, axe
):
    login(page, personas["staff"])
    page.get_by_role("link", name="Organisation", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test Hospitals NHS Trust")
    axe(page, context="organisation index")

    page.get_by_role("link", name="Basildon Hospital").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Basildon Hospital")
    expect(page.get_by_role("cell", name="Emergency Department")).to_be_visible()
    axe(page, context="site page")

    page.get_by_role("link", name="Kingfisher Ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kingfisher Ward")
    axe(page, context="ward page")

    page.get_by_role("link", name="See the staff on Kingfisher Ward").click()
    expect(page.get_by_text("56 people found")).to_be_visible()
    axe(page, context="staff directory filtered by ward")

    page.get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    axe(page, context="staff directory page 2")

    page.get_by_label("Name, staff number or job role").fill("priya shah")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person found")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Priya Shah"))).to_be_visible()
    axe(page, context="staff directory search")

    page.goto(site_url + "/organisation/")
    page.get_by_role("link", name="Estuary ICB (test)").click()
    expect(page.get_by_text("Integrated care board")).to_be_visible()
    axe(page, context="partner organisation page")

    page.goto(site_url + "/organisation/")
    page.get_by_role("link", name="Strategic aims").click()
    expect(page.get_by_text("Patient first and valued people")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    axe(page, context="strategic aims (read only)")

    page.goto(site_url + "/organisation/")
    page.get_by_role("link", name="Quality domains").click()
    expect(page.get_by_text("Sustainably resourced")).to_be_visible()
    axe(page, context="quality domains")


def test_admin_edits_a_strategic_aim(
    page, personas, structure, reference_data, login, site_url, axe
):
    login(page, personas["admin"])
    page.goto(site_url + "/organisation/aims/")
    page.get_by_role("link", name=re.compile("Change strategic aim 5")).click()
    axe(page, context="aim edit form")

    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save aim").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe(page, context="aim edit form with an error")

    page.get_by_label("Title").fill("Value, digital and sustainability")
    page.get_by_role("button", name="Save aim").click()
    expect(page.get_by_text("Strategic aim 5 saved.")).to_be_visible()
    expect(page.get_by_text("5. Value, digital and sustainability")).to_be_visible()
    expect(page.get_by_text(re.compile("Last changed by"))).to_be_visible()
    axe(page, context="strategic aims after the edit")
