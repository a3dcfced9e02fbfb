"""A staff member books a QI clinic slot; a second booking of it is refused; the coach
records the outcome. Plus a short walk of the coach directory and an action learning set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qls.capability.models import ClinicBooking
from tests.factories.capability_coaching import (
    ActionLearningSetFactory,
    ClinicBookingFactory,
    ClinicFactory,
    ClinicSlotFactory,
    CoachFactory,
    SetMeetingFactory,
    in_days,
)
from tests.factories.organisation import SiteFactory, StaffMemberFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clinic_world(personas):
    site = SiteFactory(code="BAS", name="Basildon Hospital")
    ward = WardFactory(site=site, name="Kingfisher Ward")
    staff = StaffMemberFactory(
        user=personas["staff"], first_name="Priya", last_name="Sharma", ward=ward
    )
    lead = StaffMemberFactory(
        user=personas["lead"], first_name="Tom", last_name="Fletcher", ward=ward
    )
    coach_staff = StaffMemberFactory(
        user=personas["coach"], first_name="Grace", last_name="Okafor", ward=ward
    )
    coach = CoachFactory(staff=coach_staff, bio="Happy to help with SPC charts.")
    clinic = ClinicFactory(site=site, title="Basildon QI clinic", coaches=[coach])
    slot = ClinicSlotFactory(clinic=clinic, starts_at=in_days(6, 13), coach=coach)
    ClinicSlotFactory(clinic=clinic, starts_at=in_days(6, 13, 30), coach=coach)
    earlier = ClinicBookingFactory(
        slot=ClinicSlotFactory(clinic=clinic, starts_at=in_days(-2, 14), coach=coach),
        staff=StaffMemberFactory(first_name="Ade", last_name="Bello", ward=ward),
        topic="Reading our falls chart",
    )
    learning_set = ActionLearningSetFactory(
        name="Basildon ward leaders' set", facilitator=coach_staff, members=[staff, lead]
    )
    SetMeetingFactory(set=learning_set, notes="Shared stuck points.")
    return {"slot": slot, "earlier": earlier, "set": learning_set}


def test_staff_member_books_a_clinic_slot_and_a_second_booking_is_refused(
    page, personas, clinic_world, login, site_url, axe
):
    slot = clinic_world["slot"]
    login(page, personas["staff"])
    page.goto(site_url + "/learning/clinics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("QI clinics")
    axe(page, context="clinic list")

    page.get_by_role("link", name="Basildon QI clinic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Basildon QI clinic")
    axe(page, context="clinic page")

    page.get_by_role("link", name=re.compile(r"^Book")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a clinic slot")
    axe(page, context="booking form")
    page.get_by_label("What you would like help with").fill("Building a driver diagram")
    page.get_by_role("button", name="Book this slot").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My clinic bookings")
    expect(page.get_by_text("You are booked into Basildon QI clinic")).to_be_visible()
    expect(page.get_by_role("cell", name="Building a driver diagram")).to_be_visible()
    axe(page, context="my bookings")
    assert ClinicBooking.objects.get(slot=slot).staff.user == personas["staff"]

    # Another member of staff tries the same slot (opened before it was taken).
    page.context.clear_cookies()
    login(page, personas["lead"])
    page.goto(f"{site_url}/learning/clinics/slots/{slot.pk}/book/")
    page.get_by_label("What you would like help with").fill("SPC help")
    page.get_by_role("button", name="Book this slot").click()
    expect(page.get_by_role("alert")).to_contain_text("Someone has already booked this slot")
    expect(page).to_have_title(re.compile("^Error: "))
    axe(page, context="double booking refused")
    assert ClinicBooking.objects.filter(slot=slot).count() == 1

    page.goto(f"{site_url}/learning/clinics/{slot.clinic_id}/")
    expect(page.get_by_text("Booked", exact=True)).to_be_visible()
    axe(page, context="clinic page with a taken slot")


def test_coach_records_the_outcome_of_a_clinic_booking(
    page, personas, clinic_world, login, site_url, axe
):
    login(page, personas["coach"])
    page.goto(site_url + "/learning/clinics/")
    page.get_by_role("link", name="Clinic slots I coach").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic slots I coach")
    expect(page.get_by_text("1 past booking still needs an outcome")).to_be_visible()
    axe(page, context="coach's slots")

    page.get_by_role("link", name=re.compile("^Record outcome")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the outcome for Ade Bello")
    axe(page, context="outcome form")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose whether they attended")
    axe(page, context="outcome form with an error")

    page.get_by_label("Attended", exact=True).check()
    page.get_by_label("Outcome notes").fill("Agreed a baseline of 12 weeks before testing.")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome recorded for Ade Bello")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("baseline of 12 weeks"))).to_be_visible()
    axe(page, context="coach's slots after recording")
    booking = clinic_world["earlier"]
    booking.refresh_from_db()
    assert booking.status == ClinicBooking.Status.ATTENDED


def test_staff_member_walks_the_coach_directory_and_their_set(
    page, personas, clinic_world, login, site_url, axe
):
    login(page, personas["staff"])
    page.goto(site_url + "/learning/coaches/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement coaches")
    axe(page, context="coach directory")
    page.get_by_role("link", name="Grace Okafor").click()
    expect(page.get_by_text("Happy to help with SPC charts.")).to_be_visible()
    axe(page, context="coach profile")
    page.goto(site_url + "/learning/competencies/")
    axe(page, context="competency framework")
    page.goto(site_url + "/learning/competencies/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Sharma")
    axe(page, context="own competency record")

    page.goto(site_url + "/learning/sets/")
    axe(page, context="action learning sets")
    page.get_by_role("link", name="Basildon ward leaders' set").click()
    expect(page.get_by_text("Shared stuck points.")).to_be_visible()
    axe(page, context="action learning set page")
