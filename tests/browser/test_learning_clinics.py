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


def test_improvement_team_walks_the_coaching_pages(
    page, personas, clinic_world, login, site_url, axe
):
    from tests.factories.capability_coaching import (
        CompetencyFactory,
        EvidenceFactory,
        cohort_with_participants,
    )

    StaffMemberFactory(user=personas["improvement"], first_name="Daniel", last_name="Hughes")
    evidence = EvidenceFactory(
        staff=StaffMemberFactory(first_name="Sara", last_name="Khan"),
        competency=CompetencyFactory(code="C2", title="Run a QI clinic"),
    )
    cohort_with_participants(staff=6, partners=3, name="System cohort spring")
    ClinicBookingFactory(slot=clinic_world["slot"], staff=StaffMemberFactory(last_name="Moss"))
    login(page, personas["improvement"])

    page.goto(site_url + "/learning/coaches/")
    page.get_by_role("link", name=re.compile("Evidence waiting for sign-off")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence waiting for sign-off")
    axe(page, context="sign-off queue")
    page.get_by_role("link", name=re.compile("^Review")).click()
    axe(page, context="evidence page")
    page.get_by_label("Return for more evidence").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Say what more evidence is needed")
    axe(page, context="evidence decision with an error")
    page.get_by_label("Sign off").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Sara Khan's evidence for C2 signed off")).to_be_visible()
    evidence.refresh_from_db()
    assert evidence.status == "signed_off"

    for path, heading in [
        ("/learning/mentoring/", "Mentor pairings"),
        ("/learning/coaches/pipeline/", "Coach pipeline"),
        ("/learning/coaches/new/", "Add a coach"),
        ("/learning/competencies/evidence/new/", "Add competency evidence"),
        ("/learning/clinics/new/", "Set up a clinic"),
        ("/learning/sets/new/", "Start an action learning set"),
        ("/learning/programmes/", "Improvement programmes"),
    ]:
        page.goto(site_url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe(page, context=path)

    page.goto(site_url + "/learning/coaches/")
    page.get_by_role("link", name="Grace Okafor").click()
    page.get_by_role("link", name=re.compile("^Change this coach record")).click()
    page.wait_for_url("**/edit/")
    axe(page, context="coach edit")
    page.goto(f"{site_url}/learning/coaches/{clinic_world['slot'].coach_id}/assign/")
    axe(page, context="assign coach")

    page.goto(f"{site_url}/learning/clinics/{clinic_world['slot'].clinic_id}/")
    axe(page, context="clinic page as manager")
    page.get_by_role("link", name=re.compile("^Change this clinic")).click()
    page.wait_for_url("**/edit/")
    axe(page, context="clinic edit")
    page.goto(f"{site_url}/learning/clinics/slots/{clinic_world['slot'].pk}/coach/")
    axe(page, context="allocate a coach")
    page.goto(f"{site_url}/learning/clinics/{clinic_world['slot'].clinic_id}/")
    page.get_by_role("link", name=re.compile("^Cancel")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this booking?")
    axe(page, context="cancel a booking")

    learning_set = clinic_world["set"]
    page.goto(f"{site_url}/learning/sets/{learning_set.pk}/")
    page.get_by_role("link", name=re.compile("^Change this set")).click()
    axe(page, context="set edit")
    page.goto(f"{site_url}/learning/sets/{learning_set.pk}/")
    page.get_by_role("link", name=re.compile("^Schedule meetings")).click()
    axe(page, context="schedule meetings")
    page.goto(f"{site_url}/learning/sets/{learning_set.pk}/")
    page.get_by_role("link", name=re.compile("^Attendance and notes")).first.click()
    axe(page, context="meeting attendance")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved")).to_be_visible()

    page.goto(site_url + "/learning/programmes/new/")
    axe(page, context="new programme")
    page.get_by_label("Name").fill("Spring system cohort")
    page.get_by_label("System-wide cohort").check()
    page.get_by_label("Cohort (optional)").select_option(label="System cohort spring")
    page.get_by_role("button", name="Create programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring system cohort")
    axe(page, context="programme page")
    page.goto(page.url + "split/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Split into teams")
    axe(page, context="split into teams")
    page.go_back()
    page.get_by_label("Number of teams").fill("3")
    page.get_by_role("button", name="Split into teams").click()
    expect(page.get_by_text("Participants split into 3 teams of 3")).to_be_visible()
    axe(page, context="programme with teams")
    page.get_by_role("link", name=re.compile("^Change Team 1")).click()
    axe(page, context="team edit")
    page.get_by_label("Wicked problem").fill("Frailty at the front door")
    page.get_by_role("button", name="Save team").click()
    expect(page.get_by_text("Frailty at the front door")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Add a project")).first.click()
    axe(page, context="team project")
