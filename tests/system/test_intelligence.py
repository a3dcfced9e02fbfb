"""Soft intelligence through its pages: who logs and reads what, tenancy, patient identifiers
refused naming the field, and links from quality risks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.system.warnings.models import SoftIntelligence
from qls.system.warnings.queries import visible_intelligence
from tests.factories.system import QualityRiskFactory
from tests.factories.system_warnings import SoftIntelligenceFactory
from tests.system.conftest import NHS_NUMBER

pytestmark = pytest.mark.django_db

LIST = reverse("system:intelligence_list")
NEW = reverse("system:intelligence_new")


@pytest.fixture
def world(partners):
    own = SoftIntelligenceFactory(
        organisation=partners["mh"], summary="Complaints about waits for a first appointment.",
        kind=SoftIntelligence.Kind.COMPLAINTS,
    )  # fmt: skip
    other = SoftIntelligenceFactory(
        organisation=partners["trust"], summary="Agency staff filling half the night shifts.",
    )  # fmt: skip
    return {**partners, "own": own, "other": other}


def _form(organisation, **over) -> dict[str, str]:
    data = {
        "organisation": str(organisation.pk),
        "kind": "whistleblowing",
        "summary": "Staff say concerns about restraint are not listened to.",
        "source": "Freedom to speak up guardian",
        "received_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "sensitivity": "restricted",
        "weight": "3",
    }
    return {**data, **over}


# ------------------------------------------------------------------ tenancy and roles


def test_partners_see_their_own_entries_and_the_system_lead_every_one(world, personas):
    both = {world["own"], world["other"]}
    assert set(visible_intelligence(personas["system"])) == both
    assert set(visible_intelligence(personas["partner"])) == {world["own"]}
    assert set(visible_intelligence(personas["partneranalyst"])) == {world["own"]}
    assert not visible_intelligence(personas["staff"]).exists()


@pytest.mark.parametrize("who", ["partner", "partneranalyst"])
def test_another_partner_s_entry_is_not_found(client, world, personas, who):
    client.force_login(personas[who])
    assert client.get(reverse("system:intelligence", args=[world["other"].pk])).status_code == 404
    page = client.get(reverse("system:intelligence", args=[world["own"].pk]))
    assert page.status_code == 200
    assert "Complaints about waits" in page.content.decode()


def test_the_system_lead_opens_any_partner_s_entry(client, world, personas):
    client.force_login(personas["system"])
    for entry in (world["own"], world["other"]):
        assert client.get(entry.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("who", "sees"),
    [("system", {"own", "other"}), ("partner", {"own"}), ("partneranalyst", {"own"})],
)
def test_the_list_holds_what_each_role_may_see(client, world, personas, who, sees):
    client.force_login(personas[who])
    page = client.get(LIST)
    assert page.status_code == 200
    assert {e.pk for e in page.context["entries"]} == {world[k].pk for k in sees}


def test_the_list_filters_by_organisation_and_kind(client, world, personas):
    client.force_login(personas["system"])
    by_org = client.get(LIST, {"organisation": world["trust"].code}).context["entries"]
    assert [e.pk for e in by_org] == [world["other"].pk]
    by_kind = client.get(LIST, {"kind": "complaints"}).context["entries"]
    assert [e.pk for e in by_kind] == [world["own"].pk]
    ignored = client.get(LIST, {"kind": "gossip", "organisation": "NOPE"}).context["entries"]
    assert len(ignored) == 2


def test_a_partner_cannot_filter_their_way_to_another_partner(client, world, personas):
    client.force_login(personas["partner"])
    found = client.get(LIST, {"organisation": world["trust"].code}).context["entries"]
    assert [e.pk for e in found] == [world["own"].pk]  # the filter names nothing they may see


@pytest.mark.parametrize("who", ["staff", "analyst", "improvement"])
def test_other_roles_of_the_trust_are_refused(client, world, personas, who):
    client.force_login(personas[who])
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.get(world["own"].get_absolute_url()).status_code == 403


def test_the_partner_analyst_reads_but_does_not_log(client, world, personas):
    client.force_login(personas["partneranalyst"])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _form(world["mh"])).status_code == 403
    assert SoftIntelligence.objects.count() == 2


# ------------------------------------------------------------------ logging


def test_a_partner_quality_lead_logs_their_own_organisation_s_intelligence(client, world, personas):
    client.force_login(personas["partner"])
    response = client.post(NEW, _form(world["mh"]))
    entry = SoftIntelligence.objects.get(kind="whistleblowing")
    assert response.status_code == 302
    assert response.url == entry.get_absolute_url()
    assert entry.organisation == world["mh"]
    assert entry.logged_by == personas["partner"]
    assert entry.restricted
    assert entry.weight == 3
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Freedom to speak up guardian" in page
    assert "Restricted" in page


def test_a_partner_cannot_log_for_another_organisation(client, world, personas):
    client.force_login(personas["partner"])
    response = client.post(NEW, _form(world["trust"]))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert SoftIntelligence.objects.count() == 2


def test_the_system_lead_logs_for_any_partner(client, world, personas):
    client.force_login(personas["system"])
    assert client.post(NEW, _form(world["trust"])).status_code == 302
    assert SoftIntelligence.objects.filter(organisation=world["trust"]).count() == 2


@pytest.mark.parametrize(("field", "label"), [("summary", "what was heard"), ("source", "source")])
def test_an_nhs_number_is_refused_naming_the_field_and_nothing_is_saved(
    client, world, personas, field, label
):
    client.force_login(personas["partner"])
    response = client.post(NEW, _form(world["mh"], **{field: f"Raised about {NHS_NUMBER}."}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert label in errors[field][0].lower()
    assert "NHS number" in errors[field][0]
    assert SoftIntelligence.objects.count() == 2


def test_a_date_in_the_future_is_refused(client, world, personas):
    client.force_login(personas["partner"])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(NEW, _form(world["mh"], received_on=tomorrow))
    assert "received_on" in response.context["form"].errors
    assert SoftIntelligence.objects.count() == 2


def test_a_weight_outside_1_to_3_is_refused(client, world, personas):
    client.force_login(personas["partner"])
    response = client.post(NEW, _form(world["mh"], weight="5"))
    assert "weight" in response.context["form"].errors
    assert SoftIntelligence.objects.count() == 2


# ------------------------------------------------------------------ links from risks


def _risk_edit_form(risk, **over) -> dict[str, str]:
    data = {
        "organisation": str(risk.organisation.pk),
        "title": risk.title,
        "description": risk.description,
        "owner": risk.owner.staff_number,
        "controls": risk.controls,
        "likelihood": str(risk.likelihood),
        "consequence": str(risk.consequence),
        "review_on": risk.review_on.isoformat(),
        "status": "open",
    }
    return {**data, **over}


def test_a_risk_links_its_organisation_s_intelligence_and_shows_it(client, world, personas):
    risk = QualityRiskFactory(organisation=world["mh"], title="Waiting times for therapy")
    client.force_login(personas["partner"])
    edit = reverse("system:risk_edit", args=[risk.pk])
    response = client.post(edit, _risk_edit_form(risk, intelligence=[str(world["own"].pk)]))
    assert response.status_code == 302
    assert list(risk.intelligence.all()) == [world["own"]]
    page = client.get(risk.get_absolute_url()).content.decode()
    assert world["own"].get_absolute_url() in page
    entry_page = client.get(world["own"].get_absolute_url()).content.decode()
    assert "Waiting times for therapy" in entry_page


def test_a_risk_cannot_link_another_organisation_s_intelligence(client, world, personas):
    risk = QualityRiskFactory(organisation=world["mh"])
    client.force_login(personas["system"])  # sees both entries
    edit = reverse("system:risk_edit", args=[risk.pk])
    response = client.post(edit, _risk_edit_form(risk, intelligence=[str(world["other"].pk)]))
    assert response.status_code == 200
    assert "intelligence" in response.context["form"].errors
    assert not risk.intelligence.exists()


def test_a_partner_is_offered_only_their_own_intelligence_to_link(client, world, personas):
    risk = QualityRiskFactory(organisation=world["mh"])
    client.force_login(personas["partner"])
    form = client.get(reverse("system:risk_edit", args=[risk.pk])).context["form"]
    assert list(form.fields["intelligence"].queryset) == [world["own"]]


def test_a_risk_raised_with_its_intelligence_links_it_at_once(client, world, personas):
    owner = QualityRiskFactory(organisation=world["mh"]).owner
    client.force_login(personas["partner"])
    data = {
        "organisation": str(world["mh"].pk),
        "title": "Crisis line calls unanswered",
        "description": "Carers report calls unanswered after midnight.",
        "owner": owner.staff_number,
        "likelihood": "3",
        "consequence": "4",
        "review_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "intelligence": [str(world["own"].pk)],
    }
    response = client.post(reverse("system:risk_new"), data)
    assert response.status_code == 302
    risk = world["mh"].quality_risks.get(title="Crisis line calls unanswered")
    assert list(risk.intelligence.all()) == [world["own"]]
    # Another organisation's entry is refused on raising too, and nothing is saved.
    client.force_login(personas["system"])
    response = client.post(
        reverse("system:risk_new"),
        {**data, "title": "Second", "intelligence": [str(world["other"].pk)]},
    )
    assert response.status_code == 200
    assert "intelligence" in response.context["form"].errors
    assert not world["mh"].quality_risks.filter(title="Second").exists()
