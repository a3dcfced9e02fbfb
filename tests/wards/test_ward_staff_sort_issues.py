"""Ward staff sort their own event's issues: the ward's manager and the event's
facilitators may; a manager of another ward may not; an action's owner follows
their action up whatever their role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.projects.models import Project
from qls.wards.actions.fixes import create_action
from qls.wards.errors import IssueError
from qls.wards.models import Action, Escalation, Issue
from tests.factories.accounts import PERSONAS, UserFactory
from tests.factories.organisation import StaffMemberFactory, WardFactory
from tests.factories.wards import EngagementEventFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_world(personas):
    from qls.accounts.roles import Role

    event = EngagementEventFactory()
    ward = event.journey.ward
    sister = UserFactory(username="sister", roles=[Role.STAFF])
    ward.manager = StaffMemberFactory(user=sister, ward=ward, job_role="Ward Sister")
    ward.save()
    other = UserFactory(username="othersister", roles=[Role.STAFF])
    other_ward = WardFactory(site=ward.site)
    other_ward.manager = StaffMemberFactory(user=other, ward=other_ward, job_role="Ward Sister")
    other_ward.save()
    helper = UserFactory(username="facilitator", roles=[Role.STAFF])
    event.facilitator = StaffMemberFactory(user=helper, ward=ward)
    event.save()
    owner_user = UserFactory(username="owner", roles=[Role.STAFF])
    owner = StaffMemberFactory(user=owner_user, ward=ward, first_name="Ola", last_name="Owen")
    issue = IssueFactory(event=event, text="Drip stands are kept in the bathroom")
    return {
        "event": event,
        "issue": issue,
        "owner": owner,
        "users": {
            **personas,
            "sister": sister,
            "othersister": other,
            "facilitator": helper,
            "owner": owner_user,
        },
    }


SORTERS = {"sister", "facilitator", "improvement", "admin"}
EVERYONE = set(PERSONAS) | {"sister", "othersister", "facilitator", "owner"}


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_only_the_wards_own_people_sort_its_issues(client, ward_world, who):
    issue = ward_world["issue"]
    client.force_login(ward_world["users"][who])
    response = client.post(reverse("wards:categorise", args=[issue.pk]), {"category": "fix"})
    issue.refresh_from_db()
    if who in SORTERS:
        assert response.status_code == 302
        assert issue.category == "fix"
    else:
        assert response.status_code == 403
        assert issue.category == "uncategorised"


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_the_follow_up_page_answers_sorters_and_action_owners(client, ward_world, who):
    issue = ward_world["issue"]
    Action.objects.create(
        issue=issue, description="Clear the bathroom", owner=ward_world["owner"],
        due=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    client.force_login(ward_world["users"][who])
    response = client.get(reverse("wards:issue", args=[issue.pk]))
    expected = 200 if who in SORTERS | {"owner"} else 403
    assert response.status_code == expected
    if who == "owner":
        html = response.content.decode()
        assert "Update action" in html
        assert "Add action" not in html  # following up is not sorting
        refused = client.post(
            reverse("wards:issue_escalate", args=[issue.pk]),
            {"level": "trust", "owner": ward_world["owner"].staff_number},
        )
        assert refused.status_code == 403
        assert not Escalation.objects.exists()


def test_the_sister_adds_a_fix_and_its_owner_closes_it(client, ward_world):
    issue, owner = ward_world["issue"], ward_world["owner"]
    client.force_login(ward_world["users"]["sister"])
    due = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(
        reverse("wards:issue_action", args=[issue.pk]),
        {"description": "Move the drip stands to the store room",
         "owner": owner.staff_number, "due": due.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    action = Action.objects.get(issue=issue)
    assert (action.owner, action.due) == (owner, due)
    client.force_login(ward_world["users"]["owner"])
    response = client.post(reverse("wards:action_update", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    issue.refresh_from_db()
    assert action.status == "done"
    assert issue.status == Issue.Status.DONE


def test_another_wards_manager_cannot_close_this_wards_action(client, ward_world):
    action = Action.objects.create(
        issue=ward_world["issue"], description="x", owner=ward_world["owner"],
        due=timezone.localdate(),
    )  # fmt: skip
    client.force_login(ward_world["users"]["othersister"])
    response = client.post(reverse("wards:action_update", args=[action.pk]), {"status": "done"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_a_fix_due_in_the_past_is_refused_and_nothing_is_saved(client, ward_world):
    issue = ward_world["issue"]
    client.force_login(ward_world["users"]["sister"])
    response = client.post(
        reverse("wards:issue_action", args=[issue.pk]),
        {"description": "Label the drawers", "owner": ward_world["owner"].staff_number,
         "due": (timezone.localdate() - dt.timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200
    assert "has passed: choose today or a later date" in response.content.decode()
    assert not Action.objects.exists()
    issue.refresh_from_db()
    assert issue.category == "uncategorised"
    with pytest.raises(IssueError, match="has passed"):
        create_action(
            issue=issue, description="x", owner=ward_world["owner"],
            due=dt.date(2020, 1, 1),
        )  # fmt: skip


def test_the_sister_starts_a_project_and_escalates_a_change(client, ward_world, reference_data):
    from qls.organisation.models import StrategicAim

    event, owner = ward_world["event"], ward_world["owner"]
    improve = IssueFactory(event=event, text="Discharge letters wait for a doctor")
    change = IssueFactory(event=event, text="The ward needs a second hoist")
    client.force_login(ward_world["users"]["sister"])
    aim = StrategicAim.objects.first()
    response = client.post(
        reverse("wards:issue_project", args=[improve.pk]),
        {"title": "Discharge letters before noon", "lead": owner.staff_number,
         "aims": [aim.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    project = Project.objects.get(title="Discharge letters before noon")
    improve.refresh_from_db()
    assert improve.project == project
    assert improve.category == "improve"
    response = client.post(
        reverse("wards:issue_escalate", args=[change.pk]),
        {"level": "division", "owner": owner.staff_number},
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.category == "change"
    assert change.escalation.level == "division"


def test_the_event_page_offers_sorting_to_its_own_people_only(client, ward_world):
    event = ward_world["event"]
    for who, offered in (("sister", True), ("othersister", False), ("staff", False)):
        client.force_login(ward_world["users"][who])
        html = client.get(reverse("wards:event", args=[event.pk])).content.decode()
        assert ("Save category" in html) is offered, who


@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_the_improvement_team_names_a_wards_manager(client, ward_world, who):
    ward = ward_world["event"].journey.ward
    newcomer = StaffMemberFactory(ward=ward, first_name="Nia", last_name="Ward")
    client.force_login(ward_world["users"][who])
    url = reverse("organisation:ward_manager", args=[ward.code])
    page = client.get(url)
    response = client.post(url, {"manager": newcomer.pk})
    ward.refresh_from_db()
    if who in {"improvement", "admin"}:
        assert page.status_code == 200
        assert response.status_code == 302
        assert ward.manager == newcomer
    else:
        assert (page.status_code, response.status_code) == (403, 403)
        assert ward.manager.user.username == "sister"


def test_a_manager_from_another_ward_is_refused_and_nothing_changes(client, ward_world):
    ward = ward_world["event"].journey.ward
    elsewhere = StaffMemberFactory(ward=WardFactory(site=ward.site))
    client.force_login(ward_world["users"]["improvement"])
    response = client.post(
        reverse("organisation:ward_manager", args=[ward.code]), {"manager": elsewhere.pk}
    )
    assert response.status_code == 200
    assert "Choose someone recorded on this ward" in response.content.decode()
    ward.refresh_from_db()
    assert ward.manager.user.username == "sister"
