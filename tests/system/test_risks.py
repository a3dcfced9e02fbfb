"""The risk register's rules through its pages: roles, tenancy, bad input, decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from qls.system import actions
from qls.system.errors import ReasonRequiredError, SameLevelError
from qls.system.models import EscalationDecision, QualityRisk, RiskAction
from qls.system.scoring import Level
from qls.system.tenancy import organisation_of, visible_risks
from tests.factories.system import QualityRiskFactory, RiskActionFactory
from tests.system.conftest import NHS_NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partners):
    """The host trust; a mental health trust where `partner` and `partneranalyst` work; the ICB."""
    trust, mental_health, icb = (partners[k] for k in ("trust", "mh", "icb"))
    own = QualityRiskFactory(organisation=mental_health, title="Out-of-area placements")
    other = QualityRiskFactory(organisation=trust, title="Ambulance handover delays")
    return {"trust": trust, "mh": mental_health, "icb": icb, "own": own, "other": other}


def _risk_urls(risk: QualityRisk) -> list[str]:
    action = RiskActionFactory(risk=risk)
    return [
        reverse("system:risk", args=[risk.pk]),
        reverse("system:risk_edit", args=[risk.pk]),
        reverse("system:risk_level", args=[risk.pk]),
        reverse("system:action_add", args=[risk.pk]),
        reverse("system:action_done", args=[risk.pk, action.pk]),
    ]


def _form(risk_org, owner, **over) -> dict[str, str]:
    data = {
        "organisation": str(risk_org.pk),
        "title": "Restrictive practice on inpatient wards",
        "description": "Restraint has risen for three months.",
        "owner": owner.staff_number,
        "controls": "Monthly review of every restraint.",
        "likelihood": "3",
        "consequence": "4",
        "review_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
    }
    return {**data, **over}


# ------------------------------------------------------------------ tenancy


def test_organisation_of_is_the_staff_record_s_or_the_host_trust(world, personas):
    assert organisation_of(personas["partner"]) == world["mh"]
    assert organisation_of(personas["system"]) == world["icb"]
    assert organisation_of(personas["norole"]) == world["trust"]  # no staff record


def test_partners_see_their_own_risks_and_the_system_lead_sees_every_one(world, personas):
    both = {world["own"], world["other"]}
    assert set(visible_risks(personas["system"])) == both
    assert set(visible_risks(personas["partner"])) == {world["own"]}
    assert set(visible_risks(personas["partneranalyst"])) == {world["own"]}
    assert not visible_risks(personas["staff"]).exists()


@pytest.mark.parametrize("who", ["partner", "partneranalyst"])
def test_another_organisation_s_risk_is_not_found_at_every_address(client, world, personas, who):
    client.force_login(personas[who])
    for url in _risk_urls(world["other"]):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}).status_code == 404, url
    assert RiskAction.objects.filter(risk=world["other"], status="done").count() == 0


def test_the_list_and_home_show_a_partner_only_their_own(client, world, personas):
    client.force_login(personas["partner"])
    page = client.get(reverse("system:risks")).content.decode()
    assert "Out-of-area placements" in page
    assert "Ambulance handover delays" not in page
    # Naming another organisation in the filter shows nothing of it.
    page = client.get(reverse("system:risks") + "?organisation=TRUST").content.decode()
    assert "Ambulance handover delays" not in page
    home = client.get(reverse("system:index")).content.decode()
    assert escape("Mind & Body Trust") in home
    assert "Test Hospitals NHS Trust" not in home


def test_the_system_lead_filters_by_organisation_level_band_and_overdue(client, world, personas):
    overdue = QualityRiskFactory(
        organisation=world["icb"], title="Continuing healthcare waits", likelihood=5,
        consequence=5, level=Level.INTENSIVE, review_on=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    client.force_login(personas["system"])
    url = reverse("system:risks")

    def titles(query):
        page = client.get(url + query).content.decode()
        return {
            t for t in ("Out-of-area", "Ambulance handover", "Continuing healthcare") if t in page
        }

    assert titles("") == {"Out-of-area", "Ambulance handover", "Continuing healthcare"}
    assert titles("?organisation=MHT") == {"Out-of-area"}
    assert titles("?level=intensive") == {"Continuing healthcare"}
    assert titles("?band=extreme") == {"Continuing healthcare"}
    assert titles("?band=high") == {"Out-of-area", "Ambulance handover"}
    assert titles("?overdue=1") == {"Continuing healthcare"}
    page = client.get(overdue.get_absolute_url()).content.decode()
    assert "Review overdue" in page


def test_the_home_counts_link_to_the_filtered_list(client, world, personas):
    client.force_login(personas["system"])
    page = client.get(reverse("system:index")).content.decode()
    assert f'{reverse("system:risks")}?level=routine">2<' in page
    assert f'{reverse("system:risks")}?organisation=MHT">1<' in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("system", 200), ("partner", 200), ("partneranalyst", 403), ("staff", 403)],
)
def test_who_may_raise_a_risk(client, world, personas, who, status):
    client.force_login(personas[who])
    assert client.get(reverse("system:risk_new")).status_code == status


def test_a_partner_lead_edits_their_own_risk_but_cannot_escalate_it(client, world, personas):
    client.force_login(personas["partner"])
    own = world["own"]
    assert client.get(reverse("system:risk_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("system:risk_level", args=[own.pk])).status_code == 403
    page = client.get(own.get_absolute_url()).content.decode()
    assert reverse("system:risk_level", args=[own.pk]) not in page


# ------------------------------------------------------------------ raising and bad input


def test_the_system_lead_raises_a_risk_for_a_partner(client, world, personas):
    client.force_login(personas["system"])
    owner = world["own"].owner
    response = client.post(reverse("system:risk_new"), _form(world["mh"], owner))
    risk = QualityRisk.objects.get(title="Restrictive practice on inpatient wards")
    assert response.status_code == 302
    assert response["Location"] == risk.get_absolute_url()
    assert (risk.organisation, risk.owner, risk.rating, risk.band) == (
        world["mh"],
        owner,
        12,
        "high",
    )
    assert risk.level == Level.ROUTINE
    assert risk.raised_by == personas["system"]


def test_a_partner_lead_cannot_raise_a_risk_for_another_organisation(client, world, personas):
    client.force_login(personas["partner"])
    before = QualityRisk.objects.count()
    response = client.post(reverse("system:risk_new"), _form(world["trust"], world["own"].owner))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert QualityRisk.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("likelihood", "0", "Likelihood must be a whole number from 1 to 5."),
     ("likelihood", "6", "Likelihood must be a whole number from 1 to 5."),
     ("consequence", "0", "Consequence must be a whole number from 1 to 5."),
     ("consequence", "6", "Consequence must be a whole number from 1 to 5.")],
)  # fmt: skip
def test_a_score_outside_one_to_five_is_refused_naming_the_field(
    client, world, personas, field, value, message
):
    client.force_login(personas["system"])
    before = QualityRisk.objects.count()
    data = _form(world["mh"], world["own"].owner, **{field: value})
    response = client.post(reverse("system:risk_new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert QualityRisk.objects.count() == before


@pytest.mark.parametrize(("field", "label"), [("title", "title"), ("description", "description"),
                                              ("controls", "controls")])  # fmt: skip
def test_an_nhs_number_in_a_text_field_is_refused_naming_it(client, world, personas, field, label):
    client.force_login(personas["system"])
    before = QualityRisk.objects.count()
    data = _form(world["mh"], world["own"].owner, **{field: f"Patient {NHS_NUMBER} fell"})
    response = client.post(reverse("system:risk_new"), data)
    errors = response.context["form"].errors[field]
    assert len(errors) == 1
    assert label in errors[0].lower()
    assert "NHS number" in errors[0]
    assert QualityRisk.objects.count() == before


def test_the_database_refuses_a_score_outside_one_to_five(world):
    for field in ("likelihood", "consequence"):
        for value in (0, 6):
            with pytest.raises(IntegrityError), transaction.atomic():
                QualityRisk.objects.filter(pk=world["own"].pk).update(**{field: value})
    world["own"].refresh_from_db()
    assert (world["own"].likelihood, world["own"].consequence) == (3, 4)


def test_editing_a_risk_keeps_its_level_and_can_close_it(client, world, personas):
    client.force_login(personas["partner"])
    own = world["own"]
    data = _form(world["mh"], own.owner, title="Placements away from home", status="closed")
    response = client.post(reverse("system:risk_edit", args=[own.pk]), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.title, own.status, own.level) == ("Placements away from home", "closed", "routine")


# ------------------------------------------------------------------ escalation


def test_escalating_records_who_when_from_to_and_why(client, world, personas):
    client.force_login(personas["system"])
    risk = world["other"]
    url = reverse("system:risk_level", args=[risk.pk])
    response = client.post(url, {"decision": "enhanced", "reason": "Handover waits doubled."})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.level == Level.ENHANCED
    decision = EscalationDecision.objects.get(risk=risk)
    assert (decision.from_level, decision.to_level, decision.by) == (
        "routine", "enhanced", personas["system"],
    )  # fmt: skip
    assert decision.reason == "Handover waits doubled."
    assert (timezone.now() - decision.at).total_seconds() < 60
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Handover waits doubled." in page
    assert "Routine quality management to enhanced surveillance" in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_change_of_level_without_a_reason_is_refused_and_nothing_saved(
    client, world, personas, reason
):
    client.force_login(personas["system"])
    risk = world["other"]
    response = client.post(
        reverse("system:risk_level", args=[risk.pk]), {"decision": "intensive", "reason": reason}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Give the reason for changing the escalation level."
    ]
    risk.refresh_from_db()
    assert risk.level == Level.ROUTINE
    assert not EscalationDecision.objects.exists()


def test_a_reason_holding_an_nhs_number_is_refused(client, world, personas):
    client.force_login(personas["system"])
    risk = world["other"]
    response = client.post(
        reverse("system:risk_level", args=[risk.pk]),
        {"decision": "intensive", "reason": f"See patient {NHS_NUMBER}"},
    )
    assert "reason for the decision" in response.context["form"].errors["reason"][0]
    assert not EscalationDecision.objects.exists()


def test_the_action_refuses_no_reason_and_the_same_level(world, personas):
    with pytest.raises(ReasonRequiredError):
        actions.change_level(
            risk=world["own"], to_level="enhanced", reason=" ", by=personas["system"]
        )
    with pytest.raises(SameLevelError):
        actions.change_level(
            risk=world["own"], to_level="routine", reason="x", by=personas["system"]
        )
    assert not EscalationDecision.objects.exists()


def test_the_database_refuses_a_decision_without_a_reason(world, personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        EscalationDecision.objects.create(
            risk=world["own"],
            from_level="routine",
            to_level="enhanced",
            reason="",
            by=personas["system"],
        )


# ------------------------------------------------------------------ actions


def test_an_action_is_added_and_completed_on_the_risk_page(client, world, personas):
    client.force_login(personas["partner"])
    own = world["own"]
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("system:action_add", args=[own.pk]),
        {"action-description": "Open two crisis beds", "action-owner": own.owner.staff_number,
         "action-due_on": due},
    )  # fmt: skip
    assert response.status_code == 302
    action = RiskAction.objects.get(risk=own)
    assert (action.description, action.status) == ("Open two crisis beds", "open")
    client.post(reverse("system:action_done", args=[own.pk, action.pk]))
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_at is not None


def test_an_action_with_bad_input_is_refused_naming_the_field(client, world, personas):
    client.force_login(personas["partner"])
    own = world["own"]
    response = client.post(
        reverse("system:action_add", args=[own.pk]),
        {"action-description": f"Call {NHS_NUMBER}", "action-owner": own.owner.staff_number,
         "action-due_on": ""},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["action_form"].errors
    assert "action" in errors["description"][0].lower()
    assert "due_on" in errors
    assert not RiskAction.objects.exists()


def test_a_partner_analyst_reads_but_does_not_change(client, world, personas):
    client.force_login(personas["partneranalyst"])
    own = world["own"]
    page = client.get(own.get_absolute_url()).content.decode()
    assert "Out-of-area placements" in page
    assert "Add an action" not in page
    assert client.post(reverse("system:action_add", args=[own.pk]), {}).status_code == 403


def test_de_escalating_is_a_decision_too(world, personas):
    risk = world["own"]
    actions.change_level(
        risk=risk, to_level="intensive", reason="Summit agreed.", by=personas["system"]
    )
    actions.change_level(
        risk=risk, to_level="routine", reason="Harm stopped.", by=personas["system"]
    )
    risk.refresh_from_db()
    assert risk.level == Level.ROUTINE
    assert [(d.from_level, d.to_level) for d in risk.decisions.order_by("at", "pk")] == [
        ("routine", "intensive"),
        ("intensive", "routine"),
    ]


@pytest.mark.parametrize(
    "who", ["system", "partner", "partneranalyst", "staff", "executive", "admin"]
)
def test_the_header_shows_system_to_the_system_s_people_only(client, world, personas, who):
    client.force_login(personas[who])
    header = client.get(reverse("core:home")).content.decode()
    shown = f'href="{reverse("system:index")}"' in header
    assert shown == (who in {"system", "partner", "partneranalyst"})
