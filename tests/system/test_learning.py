"""Learning and co-production through its pages: roles, tenancy, bad input, filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from qls.projects.models import Project
from qls.system.learning import actions, queries
from qls.system.learning.models import (
    Ladder,
    NQBStep,
    ProgressNote,
    SharedLearning,
    SystemPriority,
    WeSaidWeDid,
)
from tests.factories.projects import ProjectFactory
from tests.factories.system import QualityRiskFactory
from tests.factories.system_learning import (
    EntryFactory,
    SharedLearningFactory,
    SystemPriorityFactory,
)
from tests.system.conftest import NHS_NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partners):
    """The host trust; a mental health trust where `partner` and `partneranalyst` work; the ICB."""
    trust, mental_health, icb = (partners[k] for k in ("trust", "mh", "icb"))
    own = EntryFactory(organisation=mental_health, title="Crisis line at night")
    other = EntryFactory(organisation=trust, title="Discharge letters & carers")
    return {"trust": trust, "mh": mental_health, "icb": icb, "own": own, "other": other}


def _entry_form(org, **over) -> dict:
    data = {
        "organisation": str(org.pk),
        "title": "Visiting times",
        "we_said": "Families said visiting ended before they finished work.",
        "heard_by": [str(org.pk)],
        "heard_on": "2026-05-04",
        "we_did": "",
        "ladder": "involving",
        "status": "listening",
    }
    return {**data, **over}


# ------------------------------------------------------------ we said, we did


def test_the_ladder_is_the_projects_one():
    assert Ladder is Project.Coproduction
    assert WeSaidWeDid._meta.get_field("ladder").choices == Project.Coproduction.choices


@pytest.mark.parametrize("who", ["partner", "system"])
def test_a_quality_lead_records_an_entry_as_a_draft(client, world, personas, who):
    client.force_login(personas[who])
    response = client.post(reverse("system:wesaid_new"), _entry_form(world["mh"]))
    entry = WeSaidWeDid.objects.get(title="Visiting times")
    assert response.url == entry.get_absolute_url()
    assert entry.organisation == world["mh"]
    assert entry.recorded_by == personas[who]
    assert not entry.published
    assert list(entry.heard_by.all()) == [world["mh"]]


def test_a_partner_lead_cannot_record_for_another_organisation(client, world, personas):
    client.force_login(personas["partner"])
    response = client.post(reverse("system:wesaid_new"), _entry_form(world["trust"]))
    assert "organisation" in response.context["form"].errors
    assert not WeSaidWeDid.objects.filter(title="Visiting times").exists()


@pytest.mark.parametrize(
    ("field", "label"),
    [("title", "title"), ("we_said", "what people who use services told us"),
     ("we_did", "what was done")],
)  # fmt: skip
def test_an_nhs_number_is_refused_naming_the_field(client, world, personas, field, label):
    client.force_login(personas["partner"])
    before = WeSaidWeDid.objects.count()
    data = _entry_form(world["mh"], **{field: f"Patient {NHS_NUMBER} said so"})
    response = client.post(reverse("system:wesaid_new"), data)
    errors = response.context["form"].errors[field]
    assert len(errors) == 1
    assert label in errors[0].lower()
    assert "NHS number" in errors[0]
    assert WeSaidWeDid.objects.count() == before


@pytest.mark.parametrize("field", ["ladder", "heard_by", "heard_on"])
def test_a_missing_answer_is_refused_naming_it(client, world, personas, field):
    client.force_login(personas["partner"])
    data = _entry_form(world["mh"])
    del data[field]
    response = client.post(reverse("system:wesaid_new"), data)
    assert field in response.context["form"].errors
    assert not WeSaidWeDid.objects.filter(title="Visiting times").exists()


def test_an_unknown_ladder_level_is_refused(client, world, personas):
    client.force_login(personas["partner"])
    response = client.post(reverse("system:wesaid_new"), _entry_form(world["mh"], ladder="x"))
    assert "ladder" in response.context["form"].errors
    assert not WeSaidWeDid.objects.filter(title="Visiting times").exists()


def test_a_partner_lead_keeps_only_their_own_entries(client, world, personas):
    client.force_login(personas["partner"])
    own, other = world["own"], world["other"]
    assert client.get(reverse("system:wesaid", args=[own.pk])).status_code == 200
    assert client.get(reverse("system:wesaid_edit", args=[own.pk])).status_code == 200
    for name in ("system:wesaid", "system:wesaid_edit"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.post(reverse("system:wesaid_publish", args=[other.pk])).status_code == 404
    listing = client.get(reverse("system:wesaid_entries")).content.decode()
    assert escape(own.title) in listing
    assert escape(other.title) not in listing
    # Even once published, another partner's entry is not theirs to keep.
    actions.publish_entry(entry=other)
    assert client.get(reverse("system:wesaid_edit", args=[other.pk])).status_code == 404


def test_the_system_lead_keeps_every_partner_s_entries(client, world, personas):
    client.force_login(personas["system"])
    assert client.get(reverse("system:wesaid", args=[world["other"].pk])).status_code == 200
    assert set(queries.editable_entries(personas["system"])) == {world["own"], world["other"]}


@pytest.mark.parametrize("who", ["partneranalyst", "staff"])
def test_others_cannot_keep_entries(client, world, personas, who):
    client.force_login(personas[who])
    assert client.get(reverse("system:wesaid_new")).status_code == 403
    assert client.get(reverse("system:wesaid", args=[world["own"].pk])).status_code == 403
    assert not queries.editable_entries(personas[who]).exists()


def test_publishing_puts_it_on_the_published_page_for_anyone_with_a_role(client, world, personas):
    client.force_login(personas["partner"])
    own = world["own"]
    client.post(reverse("system:wesaid_publish", args=[own.pk]))
    own.refresh_from_db()
    assert own.published
    client.force_login(personas["staff"])
    page = client.get(reverse("system:wesaid_published")).content.decode()
    assert escape(own.title) in page
    assert escape(world["other"].title) not in page  # a draft


def test_publishing_twice_is_refused(world):
    actions.publish_entry(entry=world["own"])
    with pytest.raises(actions.LearningError):
        actions.publish_entry(entry=world["own"])


def test_no_role_cannot_read_the_published_page(client, personas):
    client.force_login(personas["norole"])
    assert client.get(reverse("system:wesaid_published")).status_code == 403


def test_the_published_page_filters_by_partner_ladder_and_year(client, world, personas):
    icb = world["icb"]
    a = EntryFactory(organisation=world["mh"], title="Alpha", ladder="devolving",
                     heard_on=dt.date(2025, 6, 1), heard_by=[world["mh"], icb])  # fmt: skip
    b = EntryFactory(organisation=world["trust"], title="Bravo", ladder="informing",
                     heard_on=dt.date(2026, 2, 1))  # fmt: skip
    for entry in (a, b):
        actions.publish_entry(entry=entry)
    client.force_login(personas["staff"])
    url = reverse("system:wesaid_published")

    def titles(query: str) -> set[str]:
        return {e.title for e in client.get(f"{url}?{query}").context["entries"]}

    assert titles("") == {"Alpha", "Bravo"}
    assert titles("partner=ICB") == {"Alpha"}
    assert titles(f"partner={world['trust'].code}") == {"Bravo"}
    assert titles("ladder=informing") == {"Bravo"}
    assert titles("year=2025") == {"Alpha"}
    assert titles("ladder=devolving&year=2026") == set()
    assert titles("ladder=nonsense&year=abcd&partner=NOPE") == {"Alpha", "Bravo"}
    assert client.get(url).context["years"] == [2026, 2025]


# ------------------------------------------------------------ shared learning


@pytest.fixture
def learning(world):
    to_mh = SharedLearningFactory(title="Sent to the mental health trust", recipients=[world["mh"]])
    to_trust = SharedLearningFactory(title="Sent to the trust", recipients=[world["trust"]])
    return {"to_mh": to_mh, "to_trust": to_trust}


@pytest.mark.parametrize("who", ["partner", "partneranalyst"])
def test_partners_see_the_learning_sent_to_them(client, world, personas, learning, who):
    client.force_login(personas[who])
    page = client.get(reverse("system:learning_list")).content.decode()
    assert "Sent to the mental health trust" in page
    assert "Sent to the trust<" not in page
    assert client.get(learning["to_mh"].get_absolute_url()).status_code == 200
    assert client.get(learning["to_trust"].get_absolute_url()).status_code == 404


def test_the_system_lead_sees_all_learning(client, world, personas, learning):
    assert set(queries.visible_learning(personas["system"])) == set(learning.values())
    client.force_login(personas["system"])
    assert client.get(learning["to_trust"].get_absolute_url()).status_code == 200


def test_staff_see_no_learning(client, personas, learning):
    client.force_login(personas["staff"])
    assert client.get(reverse("system:learning_list")).status_code == 403
    assert not queries.visible_learning(personas["staff"]).exists()


def _learning_form(**over) -> dict:
    return {"title": "Night falls", "summary": "Low beds helped.", "source": "theme",
            "theme": "Falls", **over}  # fmt: skip


def test_the_system_lead_shares_learning_from_a_closed_project(client, world, personas):
    closed = ProjectFactory(stage="closed", closure_outcome="spread")
    running = ProjectFactory()
    client.force_login(personas["system"])
    url = reverse("system:learning_new")
    data = _learning_form(source="project", project=str(running.pk), recipients=[world["mh"].pk])
    response = client.post(url, data)
    assert "project" in response.context["form"].errors  # not closed: not a choice
    data["project"] = str(closed.pk)
    response = client.post(url, data)
    item = SharedLearning.objects.get()
    assert response.url == item.get_absolute_url()
    assert item.project == closed
    assert item.theme == ""
    assert list(item.recipients.all()) == [world["mh"]]


@pytest.mark.parametrize(
    ("over", "field"),
    [({"source": "risk"}, "risk"), ({"source": "project"}, "project"),
     ({"theme": ""}, "theme"), ({"summary": f"Patient {NHS_NUMBER}"}, "summary"),
     ({"recipients": []}, "recipients"), ({"source": ""}, "source")],
)  # fmt: skip
def test_bad_learning_is_refused_naming_the_field(client, world, personas, over, field):
    client.force_login(personas["system"])
    data = {**_learning_form(recipients=[world["mh"].pk]), **over}
    response = client.post(reverse("system:learning_new"), data)
    assert field in response.context["form"].errors
    assert not SharedLearning.objects.exists()


def test_learning_from_a_risk(world, personas):
    risk = QualityRiskFactory(organisation=world["mh"])
    item = actions.share_learning(title="T", summary="S", source="risk", risk=risk,
                                  recipients=[world["mh"]], by=personas["system"])  # fmt: skip
    assert item.source_name == risk.title


def test_a_partner_cannot_share_learning(client, personas, world):
    client.force_login(personas["partner"])
    assert client.get(reverse("system:learning_new")).status_code == 403


# ------------------------------------------------------------ NQB steps


def test_the_seven_steps_in_order():
    assert len(NQBStep.choices) == 7
    assert [label[0] for label in NQBStep.labels] == list("1234567")


@pytest.mark.parametrize("who", ["system", "partner", "partneranalyst"])
def test_the_steps_page_groups_priorities_with_counts(client, personas, world, who):
    SystemPriorityFactory(title="Agree priorities", step="direction", progress="embedded")
    SystemPriorityFactory(title="Share measures", step="measuring")
    client.force_login(personas[who])
    response = client.get(reverse("system:priorities"))
    groups = {g.step.value: g for g in response.context["groups"]}
    assert len(groups) == 7
    assert [p.title for p in groups["direction"].priorities] == ["Agree priorities"]
    assert ("Embedded", 1) in groups["direction"].by_progress
    assert groups["ahead"].priorities == []
    assert "2 priorities" not in response.content.decode()


def test_staff_cannot_see_priorities(client, personas):
    client.force_login(personas["staff"])
    assert client.get(reverse("system:priorities")).status_code == 403


def test_the_system_lead_records_progress_and_the_history_stays(client, personas, world):
    priority = SystemPriorityFactory()
    client.force_login(personas["system"])
    url = reverse("system:priority_progress", args=[priority.pk])
    client.post(url, {"progress": "under_way", "note": "Workshops held.", "on": "2026-01-10"})
    client.post(url, {"progress": "embedded", "note": "In every plan.", "on": "2026-06-10"})
    priority.refresh_from_db()
    assert priority.progress == "embedded"
    assert [n.progress for n in priority.notes.all()] == ["embedded", "under_way"]


def test_bad_progress_is_refused_naming_the_field(client, personas, world):
    priority = SystemPriorityFactory()
    client.force_login(personas["system"])
    url = reverse("system:priority_progress", args=[priority.pk])
    response = client.post(url, {"progress": "done", "note": "x", "on": "2026-01-10"})
    assert "progress" in response.context["form"].errors
    response = client.post(url, {"progress": "embedded", "note": f"See {NHS_NUMBER}", "on": ""})
    assert "note" in response.context["form"].errors
    assert not ProgressNote.objects.exists()
    priority.refresh_from_db()
    assert priority.progress == "not_started"


def test_a_partner_cannot_change_a_priority(client, personas, world):
    priority = SystemPriorityFactory()
    client.force_login(personas["partner"])
    url = reverse("system:priority_progress", args=[priority.pk])
    response = client.post(url, {"progress": "embedded", "note": "x", "on": "2026-01-10"})
    assert response.status_code == 403
    assert client.get(reverse("system:priority_new")).status_code == 403


def test_the_system_lead_adds_a_priority_under_a_step(client, personas, world):
    client.force_login(personas["system"])
    data = {"title": "Stay ahead", "description": "Adopt innovation.",
            "lead_organisation": str(world["icb"].pk), "step": "ahead"}  # fmt: skip
    response = client.post(reverse("system:priority_new"), {**data, "step": "eighth"})
    assert "step" in response.context["form"].errors
    client.post(reverse("system:priority_new"), data)
    assert SystemPriority.objects.get().step == "ahead"


def test_the_system_lead_edits_a_priority_and_a_partner_cannot(client, personas, world):
    priority = SystemPriorityFactory(step="direction")
    url = reverse("system:priority_edit", args=[priority.pk])
    data = {"title": "Renamed", "description": "Still agreed yearly.",
            "lead_organisation": str(world["mh"].pk), "step": "clarity"}  # fmt: skip
    client.force_login(personas["partner"])
    assert client.post(url, data).status_code == 403
    client.force_login(personas["system"])
    response = client.post(url, {**data, "description": f"Patient {NHS_NUMBER}"})
    assert "description" in response.context["form"].errors
    priority.refresh_from_db()
    assert priority.title != "Renamed"
    client.post(url, data)
    priority.refresh_from_db()
    assert (priority.title, priority.step) == ("Renamed", "clarity")


# ------------------------------------------------------------ the home


def test_the_home_counts_what_each_person_may_open(client, world, personas, learning):
    actions.publish_entry(entry=world["other"])
    SystemPriorityFactory(progress="embedded")
    partner = queries.home_counts(personas["partner"])
    assert (partner.entries, partner.published, partner.learning) == (1, 1, 1)
    lead = queries.home_counts(personas["system"])
    assert (lead.entries, lead.learning, lead.priorities, lead.embedded) == (2, 2, 1, 1)
    analyst = queries.home_counts(personas["partneranalyst"])
    assert analyst.entries is None
    assert analyst.learning == 1
    client.force_login(personas["partner"])
    page = client.get(reverse("system:index")).content.decode()
    assert reverse("system:wesaid_published") in page
    assert reverse("system:priorities") in page
    assert "1 published entry" in page


def test_progress_notes_are_ordered_newest_first(personas):
    priority = SystemPriorityFactory()
    today = timezone.localdate()
    actions.record_progress(priority=priority, progress="under_way", note="a",
                            by=personas["system"], on=today - dt.timedelta(days=5))  # fmt: skip
    actions.record_progress(priority=priority, progress="embedded", note="b",
                            by=personas["system"], on=today)  # fmt: skip
    assert [n.note for n in priority.notes.all()] == ["b", "a"]
