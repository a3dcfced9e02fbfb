"""A learner takes the introductory e-learning on a phone and finds it in their training
history.

On a 390-px-wide screen a nurse starts from the community home page, passes
chapter one's quiz, comes back to the home page and carries on where she
left off, gets a question wrong in chapter two and is told so, passes it on
the second go, and follows the link to her training history, where the
course is listed with its certificate. Every page gets an accessibility check.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import community_elearning as el
from tests.factories.organisation import OrganisationFactory, StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def course(personas):
    OrganisationFactory(host=True)
    StaffMemberFactory(user=personas["staff"], first_name="Aoife", last_name="O'Neill")
    el.chapter(1, title="What quality improvement is")
    el.chapter(2, title="Testing changes with PDSA cycles")
    return personas


def answer(page, *, right: bool = True) -> None:
    page.get_by_label("Study" if right else "Sustain").check()
    page.get_by_label("Outcome measures").check()
    if right:  # both correct options, or the question is wrong
        page.get_by_label("Process measures").check()
    page.get_by_role("button", name="Check my answers").click()


def test_a_learner_completes_the_e_learning_on_a_phone(page, course, login, site_url, axe):
    page.set_viewport_size(PHONE)
    login(page, course["staff"])
    page.goto(site_url + "/community/")
    axe(page, context="community home")
    page.get_by_role("link", name="Start the e-learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What quality improvement is")
    axe(page, context="chapter 1")

    answer(page)
    expect(page.get_by_role("heading", name="You passed this chapter's quiz")).to_be_visible()
    axe(page, context="chapter 1 passed")

    # Later: the home page knows where she left off.
    page.goto(site_url + "/community/")
    page.get_by_role("link", name="Carry on: chapter 2, Testing changes with PDSA cycles").click()
    answer(page, right=False)
    expect(page.get_by_role("heading", name="Not passed this time")).to_be_visible()
    expect(page.get_by_text("The answer: Study")).to_be_visible()
    axe(page, context="chapter 2 not passed")

    answer(page)
    expect(page.get_by_text("You have completed the e-learning.")).to_be_visible()
    page.get_by_role("link", name="your training history").click()
    axe(page, context="my training")
    history = page.get_by_role("table", name="Training history")
    expect(history).to_contain_text("Improvement at our trust")
    expect(history).to_contain_text("Completed")
    expect(history.get_by_role("link", name="Improvement at our trust certificate")).to_be_visible()

    page.goto(site_url + "/community/e-learning/")
    expect(page.get_by_text("You completed the e-learning on")).to_be_visible()
    axe(page, context="e-learning index, completed")
