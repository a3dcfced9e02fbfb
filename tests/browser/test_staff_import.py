"""An analyst imports an ESR staff extract through the page."""

import pytest
from playwright.sync_api import expect

from qls.organisation.models import StaffMember
from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "staff_number,first_name,last_name,email,staff_group,job_role,band,site,ward\n"
GOOD = (
    HEADER + "10000001,Amy,Baker,amy.baker@example.nhs.uk,Nursing and Midwifery Registered,"
    "Staff Nurse,Band 5,BAS,BAS-W01\n"
    + "10000002,Tom,Reid,,Medical and Dental,Consultant,Medical,BAS,Kingfisher Ward\n"
)


@pytest.fixture
def structure(db):
    site = SiteFactory(organisation=OrganisationFactory(host=True), code="BAS")
    WardFactory(site=site, code="BAS-W01", name="Kingfisher Ward")


def choose_file(page, name: str, content: str) -> None:
    page.get_by_label("Upload a staff extract").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content.encode()}
    )


def test_analyst_imports_a_staff_file_and_sees_the_summary(
    page, personas, structure, login, site_url, axe
):
    login(page, personas["analyst"])
    page.goto(site_url + "/organisation/staff/")
    page.get_by_role("link", name="Import staff from an ESR extract").click()
    axe(page, context="staff import page")

    choose_file(page, "esr.csv", GOOD)
    page.get_by_role("button", name="Import staff").click()
    result = page.locator("#import-outcome")
    expect(result).to_contain_text("esr.csv imported")
    expect(result.get_by_role("definition").nth(1)).to_have_text("2")
    axe(page, context="staff import summary")
    assert StaffMember.objects.count() == 2

    page.get_by_role("link", name="Go to the staff directory").click()
    expect(page.get_by_text("2 people found")).to_be_visible()


def test_a_bad_file_shows_the_problems_by_line_and_imports_nothing(
    page, personas, structure, login, site_url, axe
):
    login(page, personas["analyst"])
    page.goto(site_url + "/organisation/staff/import/")
    bad = GOOD + "10000003,Ann,Lee,,Students,Student Nurse,Non-AfC,BAS,B12\n"
    choose_file(page, "bad.csv", bad)
    page.get_by_role("button", name="Import staff").click()

    expect(page.get_by_role("heading", name="bad.csv was not imported")).to_be_visible()
    row = page.locator("#import-problems tbody tr").first
    expect(row.get_by_role("cell").first).to_have_text("4")
    expect(row).to_contain_text("ward is not a ward at")
    axe(page, context="staff import error report")
    assert not StaffMember.objects.exists()


def test_staff_without_permission_are_refused_the_import_page(
    page, personas, structure, login, site_url
):
    login(page, personas["staff"])
    response = page.goto(site_url + "/organisation/staff/import/")
    assert response.status == 403
