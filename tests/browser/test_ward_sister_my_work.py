"""A ward sister signs in and finds her ward's issues on My work, sorts one into
a fix with an owner, and the owner (a staff nurse with no other role) closes
it from their own My work; on a desktop and on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.wards.models import Action
from tests.factories.organisation import StaffMemberFactory, WardFactory
from tests.factories.wards import EngagementEventFactory, IssueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ward_world(personas):
    event = EngagementEventFactory(title="Heron Ward staff event")
    ward = event.journey.ward
    ward.name = "Heron Ward"
    ward.manager = StaffMemberFactory(
        user=personas["lead"], first_name="Nina", last_name="Walsh", job_role="Ward Sister",
        ward=ward,
    )  # fmt: skip
    ward.save()
    owner = StaffMemberFactory(user=personas["staff"], first_name="Omar", last_name="Reid",
                               job_role="Staff Nurse", ward=ward)  # fmt: skip
    issue = IssueFactory(event=event, text="The sluice door sticks and stays open")
    IssueFactory(event=event, text="Handover runs late on Mondays")
    # A manager of another ward sees none of it.
    other = WardFactory(site=ward.site, name="Kestrel Ward")
    StaffMemberFactory(user=personas["coach"], ward=other, job_role="Ward Sister")
    return {"event": event, "issue": issue, "owner": owner}


@pytest.mark.parametrize("width", [1280, 390])
def test_a_ward_sister_sorts_an_issue_and_its_owner_closes_it(
    page, personas, ward_world, login, site_url, axe, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, personas["lead"])
    page.goto(site_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    section = page.locator("#issues")
    expect(section.get_by_role("heading", level=2)).to_contain_text(
        "Issues from my ward's events to sort"
    )
    expect(section.get_by_role("link", name="The sluice door sticks")).to_be_visible()
    axe(page, context="My work as a ward sister")
    section.get_by_role("link", name="The sluice door sticks").click()

    issue = ward_world["issue"]
    page.get_by_label(f"Category for issue {issue.pk}").select_option("fix")
    page.get_by_role("button", name=re.compile(f"Save category.*issue {issue.pk}")).click()
    expect(page.get_by_text(f"Issue {issue.pk} sorted as fix.")).to_be_visible()
    axe(page, context="event page as the ward's manager")
    page.get_by_role("link", name=f"Follow up issue {issue.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Follow up issue {issue.pk}")
    # A due date in the past is refused and nothing is saved.
    page.get_by_label("What will be done").fill("Ask estates to re-hang the sluice door")
    page.get_by_label("Owner").select_option(ward_world["owner"].staff_number)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Due date").fill(yesterday.isoformat())
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("alert")).to_contain_text("has passed")
    assert not Action.objects.exists()
    axe(page, context="follow-up with an error")
    due = timezone.localdate() + dt.timedelta(days=7)
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()

    # The owner, a staff nurse, closes it from their own My work.
    page.context.clear_cookies()
    login(page, personas["staff"])
    page.goto(site_url + "/")
    actions = page.locator("#actions")
    expect(actions).to_contain_text("Ask estates to re-hang the sluice door")
    axe(page, context="My work as the action's owner")
    actions.get_by_role("link", name=re.compile("Ask estates")).click()
    expect(page.get_by_role("button", name="Add action")).to_have_count(0)
    page.get_by_label("Status of this action").select_option("done")
    page.get_by_role("button", name="Update action").click()
    expect(page.get_by_text("Action marked done.")).to_be_visible()
    action = Action.objects.get()
    assert action.status == "done"
    page.goto(site_url + "/")
    expect(page.locator("#actions")).to_have_count(0)

    # Another ward's sister is refused the issue and sees nothing of it on My work.
    page.context.clear_cookies()
    login(page, personas["coach"])
    page.goto(site_url + "/")
    expect(page.locator("#issues")).to_have_count(0)
    response = page.goto(site_url + f"/wards/issues/{issue.pk}/")
    assert response.status == 403
