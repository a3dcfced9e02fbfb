"""System Quality Group meetings: the agenda QLS builds, carry-forward, roles and tenancy,
bad input refused with nothing written, and the pack read back from its PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from qls.organisation.models import StaffMember
from qls.system.meetings import actions, queries
from qls.system.meetings.actions import MeetingError
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.models import EscalationDecision
from qls.system.scoring import Level
from tests.factories.organisation import StaffMemberFactory
from tests.factories.system import (
    AgendaItemFactory,
    MeetingActionFactory,
    MeetingFactory,
    QualityRiskFactory,
)
from tests.system.conftest import NHS_NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partners, personas):
    """The host trust; a mental health trust where `partner` works; the ICB of the system lead."""
    trust, mental_health, icb = (partners[k] for k in ("trust", "mh", "icb"))
    partner, lead = partners["staff"]["partner"], partners["staff"]["system"]
    today = timezone.localdate()
    due = QualityRiskFactory(
        organisation=trust, title="Ambulance handover delays", review_on=today + dt.timedelta(5)
    )
    later = QualityRiskFactory(
        organisation=mental_health,
        title="Out-of-area placements",
        review_on=today + dt.timedelta(60),
    )
    meeting = MeetingFactory(
        title="Quality group, January", chair=lead, created_by=personas["system"],
        starts_at=timezone.now() + dt.timedelta(days=10),
    )  # fmt: skip
    return {
        "trust": trust, "mh": mental_health, "icb": icb, "lead": lead, "partner": partner,
        "due": due, "later": later, "meeting": meeting,
    }  # fmt: skip


def _meeting_form(chair, members, **over) -> dict[str, str]:
    data = {
        "title": "System Quality Group, March",
        "starts_at": (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT10:00"),
        "venue": "Board room, integrated care board",
        "chair": chair.staff_number,
        "members_text": "\n".join(m.staff_number for m in members),
    }
    return {**data, **over}


# ------------------------------------------------------------------ the agenda


def test_the_agenda_holds_risks_due_by_the_meeting_date_not_later_ones(world, personas):
    added = actions.build_agenda(meeting=world["meeting"], by=personas["system"])
    assert [item.risk for item in added] == [world["due"]]
    assert added[0].kind == AgendaItem.Kind.REVIEW


def test_a_change_of_level_since_the_previous_meeting_is_on_the_agenda(world, personas):
    MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=50))
    EscalationDecision.objects.create(
        risk=world["later"], from_level=Level.ROUTINE, to_level=Level.ENHANCED,
        reason="Placements doubled.", by=personas["system"],
        at=timezone.now() - dt.timedelta(days=20),
    )  # fmt: skip
    old = QualityRiskFactory(organisation=world["mh"], review_on=world["later"].review_on)
    EscalationDecision.objects.create(
        risk=old, from_level=Level.ROUTINE, to_level=Level.ENHANCED, reason="Long ago.",
        by=personas["system"], at=timezone.now() - dt.timedelta(days=80),
    )  # fmt: skip
    added = actions.build_agenda(meeting=world["meeting"], by=personas["system"])
    kinds = {item.risk: item.kind for item in added}
    assert kinds == {world["due"]: "review", world["later"]: "escalation"}


def test_building_twice_adds_nothing_new_and_keeps_the_lead_s_order(world, personas):
    meeting = world["meeting"]
    free = actions.add_item(meeting=meeting, title="Learning from the winter")
    actions.build_agenda(meeting=meeting, by=personas["system"])
    assert actions.build_agenda(meeting=meeting, by=personas["system"]) == []
    assert [i.title for i in meeting.items.all()] == [
        free.title,
        "Review: Ambulance handover delays",
    ]


def test_open_actions_carry_forward_until_done_and_closing_records_who_and_when(world, personas):
    earlier = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=40))
    item = AgendaItemFactory(meeting=earlier, risk=world["later"])
    open_action = MeetingActionFactory(item=item, description="Bring the audit")
    MeetingActionFactory(item=item, status=MeetingAction.Status.DONE, done_at=timezone.now())
    added = actions.build_agenda(meeting=world["meeting"], by=personas["system"])
    carried = [i.carried_action for i in added if i.kind == AgendaItem.Kind.ACTION]
    assert carried == [open_action]

    done = actions.complete_action(action=open_action, by=personas["system"])
    assert done.status == "done"
    assert done.done_by == personas["system"]
    assert done.done_at
    with pytest.raises(MeetingError):
        actions.complete_action(action=open_action, by=personas["system"])
    following = MeetingFactory(starts_at=world["meeting"].starts_at + dt.timedelta(days=60))
    later_items = actions.build_agenda(meeting=following, by=personas["system"])
    assert all(i.carried_action is None for i in later_items)


def test_the_agenda_holds_the_risks_the_chair_sees(world, personas):
    world["later"].review_on = world["due"].review_on
    world["later"].save()
    found = queries.agenda_candidates(world["meeting"], personas["partner"])
    assert [c.risk for c in found] == [world["later"]]
    chaired = MeetingFactory(chair=world["partner"], starts_at=world["meeting"].starts_at)
    added = actions.build_agenda(meeting=chaired, by=personas["system"])
    assert [i.risk for i in added] == [world["later"]]


def test_reordering_and_removing_items(world, personas):
    meeting = world["meeting"]
    first = actions.add_item(meeting=meeting, title="First")
    second = actions.add_item(meeting=meeting, title="Second")
    actions.move_item(item=second, by=-1)
    assert list(meeting.items.values_list("title", flat=True)) == ["Second", "First"]
    with pytest.raises(MeetingError):
        actions.move_item(item=AgendaItem.objects.get(pk=second.pk), by=-1)
    MeetingActionFactory(item=first)
    with pytest.raises(MeetingError):
        actions.remove_item(item=first)
    actions.remove_item(item=second)
    assert list(meeting.items.values_list("title", flat=True)) == ["First"]


# ------------------------------------------------------------------ roles and tenancy


def _urls(meeting: Meeting) -> list[str]:
    item = AgendaItemFactory(meeting=meeting, title="Item")
    return [
        reverse("system:meeting", args=[meeting.pk]),
        reverse("system:meeting_item", args=[meeting.pk, item.pk]),
        reverse("system:meeting_pdf", args=[meeting.pk]),
    ]


def test_the_system_lead_reads_and_runs_every_meeting(world, client, personas):
    client.force_login(personas["system"])
    assert client.get(reverse("system:meetings")).status_code == 200
    for url in _urls(world["meeting"]):
        assert client.get(url).status_code == 200, url
    assert (
        client.get(reverse("system:meeting_agenda", args=[world["meeting"].pk])).status_code == 200
    )


def test_a_partner_reads_meetings_they_sit_on_or_about_their_organisation_else_404(
    world, client, personas
):
    client.force_login(personas["partner"])
    hidden = world["meeting"]
    for url in _urls(hidden):
        assert client.get(url).status_code == 404, url
    assert escape(hidden.title) not in client.get(reverse("system:meetings")).content.decode()

    hidden.members.add(world["partner"])
    for url in _urls(hidden):
        assert client.get(url).status_code == 200, url
    # A member reads; running the meeting is the lead's.
    assert client.get(reverse("system:meeting_agenda", args=[hidden.pk])).status_code == 403
    assert client.get(reverse("system:meeting_edit", args=[hidden.pk])).status_code == 403

    about = MeetingFactory(title="About the trust's placements")
    AgendaItemFactory(meeting=about, risk=world["later"])
    assert client.get(reverse("system:meeting", args=[about.pk])).status_code == 200
    other = MeetingFactory()
    AgendaItemFactory(meeting=other, risk=world["due"])
    assert client.get(reverse("system:meeting", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("who", ["partneranalyst", "staff"])
def test_others_find_no_meeting_unless_they_sit_on_it(world, client, personas, who):
    client.force_login(personas[who])
    meeting = world["meeting"]
    assert client.get(reverse("system:meetings")).status_code == 403
    assert client.get(reverse("system:meeting", args=[meeting.pk])).status_code == 404
    person = StaffMember.objects.filter(user=personas[who]).first()
    meeting.members.add(
        person or StaffMemberFactory(user=personas[who], organisation=world["trust"])
    )
    assert client.get(reverse("system:meetings")).status_code == 200
    for url in _urls(meeting):
        assert client.get(url).status_code == 200, url
    agenda = reverse("system:meeting_agenda", args=[meeting.pk])
    assert client.get(agenda).status_code == 403


def test_a_partner_cannot_post_to_a_meeting_they_sit_on(world, client, personas):
    meeting = world["meeting"]
    meeting.members.add(world["partner"])
    item = AgendaItemFactory(meeting=meeting)
    client.force_login(personas["partner"])
    url = reverse("system:meeting_item", args=[meeting.pk, item.pk])
    assert client.post(url, {"op": "minutes", "minutes-minutes": "x"}).status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).minutes == ""


# ------------------------------------------------------------------ pages and bad input


def test_the_lead_plans_a_meeting_with_members(world, client, personas):
    client.force_login(personas["system"])
    data = _meeting_form(world["lead"], [world["partner"]])
    response = client.post(reverse("system:meeting_new"), data)
    meeting = Meeting.objects.get(title="System Quality Group, March")
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert set(meeting.members.all()) == {world["lead"], world["partner"]}


def test_an_unknown_member_is_refused_with_the_field_named_and_nothing_written(
    world, client, personas
):
    client.force_login(personas["system"])
    data = _meeting_form(world["lead"], [world["partner"]], members_text="99999999")
    response = client.post(reverse("system:meeting_new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["members_text"]
    assert escape("'99999999'") in response.content.decode()
    assert not Meeting.objects.filter(title="System Quality Group, March").exists()


def test_the_agenda_page_builds_adds_and_moves(world, client, personas):
    client.force_login(personas["system"])
    url = reverse("system:meeting_agenda", args=[world["meeting"].pk])
    assert client.post(url, {"op": "build"}).status_code == 302
    assert client.post(url, {"op": "add", "item-title": "Winter plan"}).status_code == 302
    titles = list(world["meeting"].items.values_list("title", flat=True))
    assert titles == ["Review: Ambulance handover delays", "Winter plan"]
    winter = AgendaItem.objects.get(title="Winter plan")
    client.post(url, {"op": "up", "item": winter.pk})
    assert world["meeting"].items.first() == winter
    assert client.post(url, {"op": "remove", "item": "not a number"}).status_code == 404
    other = AgendaItemFactory(title="Another meeting's item")
    assert client.post(url, {"op": "remove", "item": other.pk}).status_code == 404
    refused = client.post(url, {"op": "add", "item-title": ""})
    assert refused.status_code == 200
    assert "Enter the item" in refused.content.decode()
    assert world["meeting"].items.count() == 2


def test_minutes_holding_an_nhs_number_are_refused_with_the_field_named(world, client, personas):
    item = AgendaItemFactory(meeting=world["meeting"], risk=world["due"])
    client.force_login(personas["system"])
    url = reverse("system:meeting_item", args=[world["meeting"].pk, item.pk])
    response = client.post(
        url, {"op": "minutes", "minutes-minutes": f"Patient {NHS_NUMBER} waited.",
              "minutes-decisions": "Escalate."},
    )  # fmt: skip
    assert response.status_code == 200
    assert "from minutes" in response.context["minutes_form"].errors["minutes"][0]
    item.refresh_from_db()
    assert item.minutes == ""
    assert item.decisions == ""
    ok = client.post(
        url,
        {"op": "minutes", "minutes-minutes": "Waits doubled.", "minutes-decisions": "Escalate."},
    )
    assert ok.status_code == 302
    item.refresh_from_db()
    assert (item.minutes, item.decisions) == ("Waits doubled.", "Escalate.")


def test_an_action_due_in_the_past_or_without_an_owner_is_refused(world, client, personas):
    item = AgendaItemFactory(meeting=world["meeting"], risk=world["due"])
    client.force_login(personas["system"])
    url = reverse("system:meeting_item", args=[world["meeting"].pk, item.pk])
    base = {"op": "action", "action-description": "Agree a handover standard",
            "action-owner": world["lead"].staff_number,
            "action-due_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat()}  # fmt: skip
    past = client.post(url, base)
    assert past.status_code == 200
    assert past.context["action_form"].errors["due_on"] == [
        "The due date must be today or in the future."
    ]
    no_owner = client.post(
        url, {**base, "action-owner": "", "action-due_on": timezone.localdate().isoformat()}
    )
    assert no_owner.context["action_form"].errors["owner"] == ["Enter the action owner."]
    assert not MeetingAction.objects.exists()
    with pytest.raises(MeetingError):
        actions.add_action(
            item=item, description="x", owner=world["lead"],
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )  # fmt: skip
    ok = client.post(url, {**base, "action-due_on": timezone.localdate().isoformat()})
    assert ok.status_code == 302
    action = MeetingAction.objects.get()
    done = client.post(reverse("system:meeting_action_done", args=[world["meeting"].pk, action.pk]))
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_by == personas["system"]


def test_a_carried_action_is_closed_from_the_later_meeting_and_comes_back_there(
    world, client, personas
):
    earlier = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=40))
    action = MeetingActionFactory(item=AgendaItemFactory(meeting=earlier, risk=world["later"]))
    (carried,) = actions.build_agenda(meeting=world["meeting"], by=personas["system"])[1:]
    client.force_login(personas["system"])
    here = reverse("system:meeting_item", args=[world["meeting"].pk, carried.pk])
    page = client.get(here).content.decode()
    assert "Mark the carried action done" in page
    url = reverse("system:meeting_action_done", args=[earlier.pk, action.pk])
    response = client.post(url, {"back": here})
    assert response["Location"] == here
    action.refresh_from_db()
    assert action.done_by == personas["system"]
    elsewhere = client.post(url, {"back": "https://example.com/"})
    assert elsewhere["Location"] == action.item.get_absolute_url()


def test_the_pack_is_an_a4_pdf_with_each_item_s_risk_minutes_decisions_and_actions(
    world, client, personas
):
    meeting = world["meeting"]
    EscalationDecision.objects.create(
        risk=world["due"], from_level=Level.ROUTINE, to_level=Level.ENHANCED,
        reason="Handovers over an hour most evenings.", by=personas["system"],
    )  # fmt: skip
    world["due"].level = Level.ENHANCED
    world["due"].save()
    item = AgendaItemFactory(
        meeting=meeting, risk=world["due"], title="Review: Ambulance handover delays",
        minutes="Waits doubled since the autumn.", decisions="Ask for a recovery trajectory.",
    )  # fmt: skip
    MeetingActionFactory(item=item, description="Agree a handover standard", owner=world["lead"])
    client.force_login(personas["system"])
    response = client.get(reverse("system:meeting_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="quality-group-')
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for expected in [
        "Quality group, January", "Members", "Agenda", "Ambulance handover delays",
        "rating 12", "Enhanced surveillance", "Handovers over an hour most evenings.",
        "Waits doubled since the autumn.", "Ask for a recovery trajectory.",
        "Agree a handover standard", str(world["lead"]),
    ]:  # fmt: skip
        assert expected in text, expected
