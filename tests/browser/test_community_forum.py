"""The forum's journey: a nurse asks a question mentioning a coach, the coach is
told under the bell and answers, the nurse marks the answer, and the improvement
team hides a post with a reason its author sees. Every page is axe-checked and
checked at a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qls.community.forum.models import ForumPost, ForumThread
from tests.factories.community_forum import CategoryFactory
from tests.factories.organisation import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_question_mentioning_a_coach_is_answered_marked_and_moderated(
    page, personas, login, site_url, axe
):
    CategoryFactory(name="Measurement and SPC", slug="measurement-spc")
    coach = StaffMemberFactory(user=personas["coach"], first_name="Grace", last_name="Okafor")

    # The nurse asks, choosing the coach from the suggestions as she types.
    login(page, personas["staff"])
    page.goto(f"{site_url}/community/forum/")
    axe(page, context="forum")
    page.get_by_role("link", name="Ask a question").first.click()
    page.get_by_label("Category").select_option(label="Measurement and SPC")
    page.get_by_label("Title").fill("Run chart or SPC chart for falls on our ward?")
    page.get_by_label("Your post").fill("We have **14 weeks** of data. Which chart first?")
    box = page.get_by_label("Mention someone (optional)")
    box.press_sequentially("Okaf", delay=50)
    suggestion = page.locator("#id_mention-people option").first
    expect(suggestion).to_have_attribute("value", f"Grace Okafor ({coach.staff_number})")
    box.fill(f"Grace Okafor ({coach.staff_number})")
    axe(page, context="asking a question")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Run chart or SPC chart for falls on our ward?"
    )
    expect(page.locator(".forum-post strong").first).to_have_text("14 weeks")
    axe(page, context="the new thread")
    thread = ForumThread.objects.get()

    # The coach sees one notification under the bell, follows it and answers.
    page.context.clear_cookies()
    login(page, personas["coach"])
    bell = page.locator("#notification-bell")
    expect(bell).to_contain_text("1")
    bell.click()
    axe(page, context="notifications")
    page.get_by_role("link", name="mentioned you").click()
    page.get_by_label("Your reply").fill("Start with a run chart; move to SPC at 20 points.")
    page.get_by_role("button", name="Post your reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    axe(page, context="thread with a reply")

    # The nurse, told of the reply, marks it as the answer.
    page.context.clear_cookies()
    login(page, personas["staff"])
    expect(page.locator("#notification-bell")).to_contain_text("1")
    page.goto(f"{site_url}/community/forum/threads/{thread.pk}/")
    page.get_by_role("button", name="Mark as the answer").click()
    expect(page.get_by_text("The reply is marked as the answer.")).to_be_visible()
    expect(page.get_by_role("heading", name="Answer")).to_be_visible()
    axe(page, context="answered thread")
    thread.refresh_from_db()
    assert thread.answer.author == personas["coach"]

    # Someone replies off topic; the improvement team hides it with a reason.
    ForumPost.objects.create(thread=thread, author=personas["lead"], body="Buy our chart tool")
    page.context.clear_cookies()
    login(page, personas["improvement"])
    page.goto(f"{site_url}/community/forum/threads/{thread.pk}/")
    page.get_by_role("link", name="Hide the post by").last.click()
    axe(page, context="hiding a post")
    page.get_by_label("Why is it hidden?").fill("Adverts are not allowed in the forum")
    page.get_by_role("button", name="Hide the post").click()
    expect(page.get_by_text("The post is hidden")).to_be_visible()
    axe(page, context="thread with a hidden post")

    # Its author sees the reason; another reader sees only that it was hidden.
    page.context.clear_cookies()
    login(page, personas["lead"])
    page.goto(f"{site_url}/community/forum/threads/{thread.pk}/")
    expect(page.get_by_text("Reason: Adverts are not allowed in the forum")).to_be_visible()
    page.context.clear_cookies()
    login(page, personas["analyst"])
    page.goto(f"{site_url}/community/forum/threads/{thread.pk}/")
    expect(page.get_by_text("This post is hidden.")).to_be_visible()
    expect(page.get_by_text("Buy our chart tool")).to_have_count(0)


def test_the_improvement_team_renames_a_category_and_removes_an_empty_one(
    page, personas, login, site_url, axe
):
    CategoryFactory(name="Measurement", slug="measurement")
    CategoryFactory(name="Old site", slug="old-site")
    login(page, personas["improvement"])
    page.goto(f"{site_url}/community/forum/categories/measurement/")
    page.get_by_role("link", name="Change this category").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Measurement")
    axe(page, context="changing a category")
    page.get_by_label("Name").fill("Measurement and SPC")
    page.get_by_role("button", name="Save the category").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measurement and SPC")

    page.goto(f"{site_url}/community/forum/categories/old-site/edit/")
    page.get_by_role("button", name="Remove Old site").click()
    expect(page.get_by_text("The category Old site is removed.")).to_be_visible()
    axe(page, context="the forum after removing a category")
