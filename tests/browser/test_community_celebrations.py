"""A team submits its poster to the celebration of improvement, two judges score it, the
panel shortlists it, the improvement team gives it an award, and it appears in the gallery."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qls.community.celebrations.models import Score, Submission
from qls.projects.models import ProjectMember
from tests.factories import celebrations as cel
from tests.factories.organisation import SiteFactory, StaffMemberFactory, WardFactory
from tests.factories.projects import ProjectFactory, ProjectMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(personas):
    site = SiteFactory(code="BAS", name="Basildon Hospital")
    ward = WardFactory(site=site, name="Kingfisher Ward")
    people = {
        name: StaffMemberFactory(user=personas[name], first_name=first, last_name=last, ward=ward)
        for name, first, last in [
            ("lead", "Tom", "Fletcher"),
            ("coach", "Grace", "Okafor"),
            ("analyst", "Sam", "O'Neill"),
            ("improvement", "Ruth", "Adeyemi"),
            ("staff", "Priya", "Sharma"),
        ]
    }
    project = ProjectFactory(title="Fewer falls at night on Kingfisher Ward", site=site, ward=ward)
    ProjectMemberFactory(project=project, staff=people["lead"], role=ProjectMember.Role.LEAD)
    event = cel.EventFactory(name="Celebration of improvement 2031")
    cel.AwardCategoryFactory(event=event, name="Patient safety")
    cel.AwardCategoryFactory(event=event, name="Staff wellbeing")
    for judge in ("coach", "analyst"):
        cel.JudgeFactory(event=event, staff=people[judge])
    return {"event": event, "project": project, "people": people}


def _sign_in_as(page, login, user):
    page.context.clear_cookies()
    login(page, user)


def _score(page, site_url, sub, marks, axe, who):
    page.goto(site_url + sub.get_absolute_url())
    page.get_by_role("link", name="Score this submission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Score {sub.project.title}")
    axe(page, context=f"score form ({who})")
    for label, mark in marks.items():
        page.get_by_label(label).fill(mark)
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_text(f"Your scores for {sub.project.title} are saved.")).to_be_visible()


def test_a_team_submits_two_judges_score_and_the_award_shows_in_the_gallery(
    page, personas, world, login, site_url, axe
):
    event, project = world["event"], world["project"]

    # The project lead submits the project.
    login(page, personas["lead"])
    page.goto(site_url + "/community/")
    axe(page, context="community home")
    page.get_by_role("link", name=event.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.name)
    axe(page, context="event page")
    page.get_by_role("link", name="Submit your project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit a project")
    axe(page, context="submission form")
    page.get_by_label("Project", exact=True).select_option(label=project.title)
    page.get_by_label("Abstract").fill(
        "Falls at night were our most common harm. We tested intentional rounding in one "
        "bay, then across the ward, and falls fell from six to two a month."
    )
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(page.get_by_role("link", name="Download the A3 poster (PDF)")).to_be_visible()
    axe(page, context="submission page")
    sub = Submission.objects.get()
    assert sub.presenter == world["people"]["lead"]

    # Two judges score it; one tries a 6 first and is told which criterion is wrong.
    _sign_in_as(page, login, personas["coach"])
    page.goto(site_url + sub.get_absolute_url())
    page.get_by_role("link", name="Score this submission").click()
    page.get_by_label("Problem and aim").fill("6")
    for label in ("Use of QI method", "Measurement", "Impact", "Sustainability and spread"):
        page.get_by_label(label).fill("4")
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_role("alert")).to_contain_text("Problem and aim: give a whole number")
    axe(page, context="score form with an error")
    assert not Score.objects.exists()
    marks = {
        "Problem and aim": "5",
        "Use of QI method": "4",
        "Measurement": "4",
        "Impact": "5",
        "Sustainability and spread": "3",
    }
    _score(page, site_url, sub, marks, axe, "first judge")

    _sign_in_as(page, login, personas["analyst"])
    _score(page, site_url, sub, {**marks, "Measurement": "5"}, axe, "second judge")
    expect(page.get_by_role("cell", name="21", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="22", exact=True)).to_be_visible()
    page.get_by_role("button", name="Shortlist").click()
    expect(page.get_by_text(f"{project.title} is on the shortlist.")).to_be_visible()
    assert Score.objects.count() == 2

    # The improvement team gives the award.
    _sign_in_as(page, login, personas["improvement"])
    page.goto(site_url + event.get_absolute_url())
    expect(page.get_by_role("cell", name="21.5", exact=True)).to_be_visible()
    axe(page, context="event page with scores")
    page.get_by_role("link", name=project.title).click()
    page.get_by_label("Award", exact=True).select_option(label="Patient safety")
    page.get_by_role("button", name="Give the award").click()
    expect(page.get_by_text(f"{project.title} wins Patient safety.")).to_be_visible()
    axe(page, context="awarded submission")

    # Anyone signed in finds it in the gallery, filtered by its award.
    _sign_in_as(page, login, personas["staff"])
    page.goto(site_url + "/community/celebrations/gallery/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Poster gallery")
    page.get_by_label("Award", exact=True).select_option(label="Patient safety")
    page.get_by_label("Site", exact=True).select_option(label="Basildon Hospital")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 poster")).to_be_visible()
    card = page.locator(".nhsuk-card", has_text=project.title)
    expect(card).to_contain_text("Patient safety")
    axe(page, context="gallery")
    page.goto(site_url + "/community/")
    expect(page.get_by_role("link", name=project.title)).to_be_visible()
    axe(page, context="community home with the award")
