"""A failed standard starts something: an action or a QI project, once per audit,
by the auditor or the ward's manager; a standard failed twice running is flagged."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qls.accounts.roles import Role
from qls.projects.models import Project
from qls.wards import accreditation, diagnostic, standards
from qls.wards.models import Action, AuditAnswer, StandardProject
from tests.factories.accounts import PERSONAS, UserFactory
from tests.factories.organisation import StaffMemberFactory, WardFactory
from tests.factories.wards import AuditQuestionFactory, AuditSectionFactory, WardJourneyFactory

pytestmark = pytest.mark.django_db

CALL_BELLS = "Call bells within reach"
RESUS = "Resus trolley checked daily"


@pytest.fixture
def world(personas):
    ward = WardFactory(name="Heron Ward")
    ward.manager = StaffMemberFactory(
        user=personas["lead"], ward=ward, site=ward.site, job_role="Ward Sister"
    )
    ward.save()
    auditor = StaffMemberFactory(user=personas["coach"], ward=WardFactory(site=ward.site))
    owner = StaffMemberFactory(
        user=personas["staff"], ward=ward, first_name="Omar", last_name="Reid"
    )
    other_sister = UserFactory(username="othersister", roles=[Role.STAFF])
    other_ward = WardFactory(site=ward.site, name="Kestrel Ward")
    other_ward.manager = StaffMemberFactory(user=other_sister, ward=other_ward)
    other_ward.save()
    safe = AuditSectionFactory(title="Safe care", order=1)
    template = safe.template
    records = AuditSectionFactory(template=template, title="Records", order=2)
    questions = {
        CALL_BELLS: AuditQuestionFactory(section=safe, text=CALL_BELLS, order=1),
        RESUS: AuditQuestionFactory(section=safe, text=RESUS, order=2),
        "Handover": AuditQuestionFactory(
            section=safe, text="Handover quality", answer_type="scale_0_4", weight=2, order=3
        ),
        "Care plans": AuditQuestionFactory(
            section=records, text="Care plans complete", answer_type="percent", order=1
        ),
    }
    return {
        "ward": ward,
        "auditor": auditor,
        "owner": owner,
        "template": template,
        "q": questions,
        "users": {**personas, "othersister": other_sister},
    }


def _audit(world, date, answers, by=None):
    """A submitted audit of the ward by the coach; ``answers`` maps question key -> input."""
    by = by or world["users"]["coach"]
    audit = accreditation.start_audit(
        template=world["template"], ward=world["ward"], date=date, auditor=world["auditor"], by=by
    )
    accreditation.save_answers(
        audit=audit, raw={world["q"][k].pk: v for k, v in answers.items()}, by=by
    )
    return accreditation.submit_audit(audit=audit, by=by)


FAILING = {CALL_BELLS: "0", RESUS: "1", "Handover": "1", "Care plans": "90"}
PASSING = {CALL_BELLS: "1", RESUS: "1", "Handover": "4", "Care plans": "90"}


def _action_url(audit, question):
    return reverse("wards:standard_action", args=[audit.pk, question.pk])


def _project_url(audit, question):
    return reverse("wards:standard_project", args=[audit.pk, question.pk])


def _action_data(world, **extra):
    due = timezone.localdate() + dt.timedelta(days=14)
    return {
        "description": "Check call bells at every bed round",
        "owner": world["owner"].staff_number,
        "due": due.isoformat(),
        **extra,
    }


def test_a_standard_fails_under_half_its_scale():
    assert standards.fails("yes_no", 0)
    assert not standards.fails("yes_no", 1)
    assert standards.fails("scale_0_4", 1)
    assert not standards.fails("scale_0_4", 2)
    assert standards.fails("percent", 49)
    assert not standards.fails("percent", 50)
    assert not standards.fails("yes_no", None)  # not applicable never fails


def test_the_result_lists_failed_standards_first_with_section_scores(client, world):
    audit = _audit(world, timezone.localdate(), FAILING)
    client.force_login(world["users"]["executive"])
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Failed standards (2)" in page
    failed_at = page.index("Failed standards (2)")
    assert failed_at < page.index(f'id="failed-{world["q"][CALL_BELLS].pk}"')
    assert page.index('id="failed-{}"'.format(world["q"]["Handover"].pk)) < page.index(
        "Section scores"
    )
    # Safe care: yes, no... (0 + 1 + 2 * 0.25) / 4 = 37.5%; Records: 90%.
    assert re.search(r"Safe care</a></td>\s*<td[^>]*>37\.5%</td>\s*<td[^>]*>2</td>", page)
    assert re.search(r"Records</a></td>\s*<td[^>]*>90\.0%</td>\s*<td[^>]*>0</td>", page)
    # Someone who may not follow up sees no links to do so.
    assert "Raise an action" not in page
    assert "Start a QI project" not in page


FOLLOWERS = {"coach", "lead"}  # the auditor and the ward's manager
IDENTITIES = sorted(set(PERSONAS) | {"othersister"})


@pytest.mark.parametrize("who", IDENTITIES)
def test_only_the_auditor_and_the_wards_manager_may_follow_up_a_failed_standard(client, world, who):
    audit = _audit(world, timezone.localdate(), FAILING)
    question = world["q"][CALL_BELLS]
    client.force_login(world["users"][who])
    action_page = client.get(_action_url(audit, question))
    project_page = client.get(_project_url(audit, question))
    if who in FOLLOWERS:
        assert action_page.status_code == 200
        assert project_page.status_code == 302
        assert project_page["Location"].startswith(reverse("projects:new") + "?")
    else:
        assert action_page.status_code == 403
        assert project_page.status_code == 403
        response = client.post(_action_url(audit, question), _action_data(world))
        assert response.status_code == 403
        assert not Action.objects.exists()


def test_someone_not_signed_in_is_sent_to_log_in(client, world):
    audit = _audit(world, timezone.localdate(), FAILING)
    for url in (
        _action_url(audit, world["q"][CALL_BELLS]),
        _project_url(audit, world["q"][CALL_BELLS]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_met_standard_or_a_draft_audit_has_nothing_to_follow_up(client, world):
    audit = _audit(world, timezone.localdate(), FAILING)
    client.force_login(world["users"]["coach"])
    assert client.get(_action_url(audit, world["q"][RESUS])).status_code == 404
    assert client.get(_project_url(audit, world["q"]["Care plans"])).status_code == 404
    draft = accreditation.start_audit(
        template=world["template"], ward=world["ward"], date=timezone.localdate(),
        auditor=world["auditor"], by=world["users"]["coach"],
    )  # fmt: skip
    assert client.get(_action_url(draft, world["q"][CALL_BELLS])).status_code == 404


def test_the_auditor_raises_an_action_and_it_joins_the_wards_actions_and_the_owners_work(
    client, world
):
    audit = _audit(world, timezone.localdate(), FAILING)
    question = world["q"][CALL_BELLS]
    client.force_login(world["users"]["coach"])
    response = client.post(_action_url(audit, question), _action_data(world))
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.issue is None
    assert action.audit_answer.question == question
    assert action.owner == world["owner"]
    assert action.ward == world["ward"]
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Check call bells at every bed round" in page
    listing = client.get(reverse("wards:actions")).content.decode()
    assert "Check call bells at every bed round" in listing
    assert "Heron Ward" in listing

    client.force_login(world["users"]["staff"])  # the owner, a staff nurse
    home = client.get(reverse("core:home")).content.decode()
    assert "Check call bells at every bed round" in home
    assert action.source_url in home


def test_a_standards_action_cannot_be_raised_twice_for_the_same_audit(client, world):
    audit = _audit(world, timezone.localdate(), FAILING)
    question = world["q"][CALL_BELLS]
    client.force_login(world["users"]["coach"])
    client.post(_action_url(audit, question), _action_data(world))
    client.force_login(world["users"]["lead"])  # the ward's manager tries again
    response = client.post(
        _action_url(audit, question), _action_data(world, description="Another go")
    )
    assert response.status_code == 200
    assert "already been raised for this audit" in response.content.decode()
    assert Action.objects.count() == 1
    # And the database holds the rule when two requests race past the check.
    answer = AuditAnswer.objects.get(audit=audit, question=question)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(
            audit_answer=answer, description="x", owner=world["owner"], due=timezone.localdate()
        )


def test_an_action_has_exactly_one_source(world):
    audit = _audit(world, timezone.localdate(), FAILING)
    answer = AuditAnswer.objects.get(audit=audit, question=world["q"][CALL_BELLS])
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(description="x", owner=world["owner"], due=timezone.localdate())
    from tests.factories.wards import IssueFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(
            issue=IssueFactory(), audit_answer=answer, description="x",
            owner=world["owner"], due=timezone.localdate(),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        ({"owner": ""}, "Choose who owns this action", "owner"),
        ({"due": ""}, "Enter the date the action is due", "due"),
        ({"due": "2001-02-30"}, "Enter the due date as a real date", "due"),
        ({"due": "2020-01-06"}, "The due date 6 January 2020 has passed", "due"),
        ({"description": "Call Mrs Jones on 943 476 5919"}, "NHS number", "description"),
    ],
)
def test_bad_action_input_is_refused_by_name_and_nothing_is_written(
    client, world, change, message, field
):
    audit = _audit(world, timezone.localdate(), FAILING)
    client.force_login(world["users"]["coach"])
    response = client.post(
        _action_url(audit, world["q"][CALL_BELLS]), _action_data(world, **change)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not Action.objects.exists()


def test_the_owner_closes_it_and_the_next_audit_shows_when(client, world):
    first = _audit(world, timezone.localdate() - dt.timedelta(days=90), FAILING)
    question = world["q"][CALL_BELLS]
    client.force_login(world["users"]["coach"])
    client.post(_action_url(first, question), _action_data(world))
    action = Action.objects.get()

    client.force_login(world["users"]["staff"])  # the owner, whatever their role
    assert f'action="{reverse("wards:action_update", args=[action.pk])}"' in (
        client.get(first.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("wards:action_update", args=[action.pk]),
        {"status": "done", "next": first.get_absolute_url()},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_at is not None
    assert action.history.filter(status="done").exists()

    second = _audit(world, timezone.localdate(), PASSING)
    page = client.get(second.get_absolute_url()).content.decode()
    closed = f"Action closed on {timezone.localtime(action.done_at):%-d %b %Y}"
    row = page[page.index(f'id="standard-{question.pk}"') :]
    assert closed in row[: row.index("</div>")]


def test_someone_else_cannot_close_a_standards_action(client, world):
    audit = _audit(world, timezone.localdate(), FAILING)
    client.force_login(world["users"]["coach"])
    client.post(_action_url(audit, world["q"][CALL_BELLS]), _action_data(world))
    action = Action.objects.get()
    client.force_login(world["users"]["othersister"])
    response = client.post(reverse("wards:action_update", args=[action.pk]), {"status": "done"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_a_standard_failed_in_two_audits_running_is_flagged_on_the_ward_and_its_pack(client, world):
    _audit(world, timezone.localdate() - dt.timedelta(days=90), FAILING)
    latest = _audit(world, timezone.localdate(), {**PASSING, CALL_BELLS: "0"})
    repeated = standards.repeated_failures(world["ward"])
    assert [f.text for f in repeated] == [CALL_BELLS]  # handover recovered
    client.force_login(world["users"]["staff"])
    page = client.get(
        reverse("wards:accreditation_ward", args=[world["ward"].code])
    ).content.decode()
    assert "Standards failed in two audits in a row" in page
    assert CALL_BELLS in page
    assert (
        "Failed in the previous audit too" in client.get(latest.get_absolute_url()).content.decode()
    )

    journey = WardJourneyFactory(ward=world["ward"])
    assert [f.text for f in diagnostic.build(world["ward"]).repeated_failures] == [CALL_BELLS]
    pack = client.get(reverse("wards:diagnostic", args=[journey.pk])).content.decode()
    assert "Accreditation standards failed twice" in pack
    assert CALL_BELLS in pack


def test_no_flag_when_the_standard_was_met_in_between(world):
    _audit(world, timezone.localdate() - dt.timedelta(days=180), FAILING)
    _audit(world, timezone.localdate() - dt.timedelta(days=90), PASSING)
    _audit(world, timezone.localdate(), FAILING)
    assert standards.repeated_failures(world["ward"]) == []


# ------------------------------------------------------------------ projects


def _register_data(aim, **extra):
    return {
        "title": "Call bells within reach on Heron Ward",
        "problem": "The audit found call bells out of reach",
        "aim_statement": "Every call bell within reach at every audit by June",
        "strategic_aims": [aim.pk],
        "start_date": timezone.localdate().isoformat(),
        "category": "improve",
        "coproduction_level": "involving",
        **extra,
    }


def test_a_failed_standard_starts_a_project_through_the_registration_form(
    client, world, reference_data
):
    from qls.organisation.models import StrategicAim

    audit = _audit(world, timezone.localdate(), FAILING)
    question = world["q"][CALL_BELLS]
    client.force_login(world["users"]["lead"])  # the ward's manager
    start = client.get(_project_url(audit, question))["Location"]
    form_page = client.get(start)
    form = form_page.context["form"]
    assert form.initial["ward"] == str(world["ward"].pk)
    assert CALL_BELLS in form.initial["problem"]
    assert audit.date.strftime("%Y") in (form.initial["problem"])
    assert "Heron Ward" in form.initial["problem"]
    origin = form.initial["origin"]
    assert f'value="{origin}"' in form_page.content.decode()

    aim = StrategicAim.objects.filter(active=True).first()
    response = client.post(
        reverse("projects:new"),
        _register_data(aim, ward=world["ward"].pk, problem=form.initial["problem"], origin=origin),
    )
    assert response.status_code == 302
    project = Project.objects.get()
    link = StandardProject.objects.get()
    assert link.project == project
    assert link.audit_answer.question == question
    page = client.get(audit.get_absolute_url()).content.decode()
    assert project.get_absolute_url() in page
    # Started once: the link to start another is gone and the address refuses.
    assert client.get(_project_url(audit, question)).status_code == 404


def test_a_forged_or_unknown_origin_registers_nothing(client, world, reference_data):
    from qls.organisation.models import StrategicAim

    audit = _audit(world, timezone.localdate(), FAILING)
    answer = AuditAnswer.objects.get(audit=audit, question=world["q"][CALL_BELLS])
    met = AuditAnswer.objects.get(audit=audit, question=world["q"][RESUS])
    aim = StrategicAim.objects.filter(active=True).first()
    client.force_login(world["users"]["staff"])  # neither auditor nor manager
    for origin, message in (
        (f"wards.standard:{answer.pk}", "Only the auditor or the ward"),
        ("somewhere:1", "is not known"),
    ):
        response = client.post(reverse("projects:new"), _register_data(aim, origin=origin))
        assert response.status_code == 200
        assert message in response.content.decode()
    client.force_login(world["users"]["coach"])
    response = client.post(
        reverse("projects:new"), _register_data(aim, origin=f"wards.standard:{met.pk}")
    )
    assert "was met in that audit" in response.content.decode()
    assert not Project.objects.exists()
    assert not StandardProject.objects.exists()
