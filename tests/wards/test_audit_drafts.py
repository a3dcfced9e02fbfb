"""A draft accreditation audit belongs to the person who started it.

Another auditor could open someone else's draft, change the answers and
submit it: the result went down under the original auditor and skipped the
rule that nobody audits the ward they work on. Now only the draft's own
auditor edits or submits it, and that rule is checked on every save.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.wards import accreditation
from qls.wards.errors import AuditError
from qls.wards.models import Audit, AuditAnswer
from tests.factories.organisation import StaffMemberFactory, WardFactory
from tests.factories.wards import AuditQuestionFactory, AuditSectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    section = AuditSectionFactory(title="Safe care")
    AuditQuestionFactory(section=section, text="Resus trolley checked daily", answer_type="yes_no")
    return section.template


@pytest.fixture
def draft(personas, template):
    """The coach's draft audit of Heron Ward (the coach works elsewhere)."""
    StaffMemberFactory(user=personas["coach"], ward=WardFactory())
    StaffMemberFactory(user=personas["improvement"], ward=WardFactory())
    return accreditation.start_audit(
        template=template,
        ward=WardFactory(name="Heron Ward"),
        date=dt.date.today(),
        auditor=personas["coach"].staff_member,
        by=personas["coach"],
    )


def _question(audit):
    return audit.template.sections.get().questions.get()


@pytest.mark.parametrize("name", ["wards:audit", "wards:audit_review"])
def test_another_auditor_cannot_open_someone_elses_draft(client, personas, draft, name):
    client.force_login(personas["improvement"])
    assert client.get(reverse(name, args=[draft.pk])).status_code == 404


def test_another_auditor_cannot_answer_someone_elses_draft(client, personas, draft):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("wards:audit", args=[draft.pk]), {f"q{_question(draft).pk}": "1"}
    )
    assert response.status_code == 404
    assert not AuditAnswer.objects.exists()


def test_another_auditor_cannot_submit_someone_elses_draft(client, personas, draft):
    AuditAnswer.objects.create(audit=draft, question=_question(draft), value=1)
    client.force_login(personas["improvement"])
    response = client.post(reverse("wards:audit_submit", args=[draft.pk]))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.status, draft.score) == (Audit.Status.DRAFT, None)


def test_the_draft_owner_answers_and_submits(client, personas, draft):
    client.force_login(personas["coach"])
    url = reverse("wards:audit", args=[draft.pk])
    assert client.post(url, {f"q{_question(draft).pk}": "1"}).status_code == 302
    assert client.post(reverse("wards:audit_submit", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.score) == (Audit.Status.SUBMITTED, 100)


def test_the_actions_refuse_anyone_but_the_draft_owner(personas, draft):
    with pytest.raises(AuditError, match="Only the person who started this audit"):
        accreditation.save_answers(
            audit=draft, raw={_question(draft).pk: "1"}, by=personas["improvement"]
        )
    AuditAnswer.objects.create(audit=draft, question=_question(draft), value=1)
    with pytest.raises(AuditError, match="Only the person who started this audit"):
        accreditation.submit_audit(audit=draft, by=personas["improvement"])
    draft.refresh_from_db()
    assert draft.status == Audit.Status.DRAFT


def test_an_auditor_who_moved_to_the_ward_can_no_longer_save_or_submit(client, personas, draft):
    coach = personas["coach"].staff_member
    coach.ward = draft.ward
    coach.save()
    client.force_login(personas["coach"])
    response = client.post(
        reverse("wards:audit", args=[draft.pk]), {f"q{_question(draft).pk}": "1"}
    )
    assert "You work on Heron Ward" in response.content.decode()
    assert not AuditAnswer.objects.exists()
    AuditAnswer.objects.create(audit=draft, question=_question(draft), value=1)
    with pytest.raises(AuditError, match="You work on Heron Ward"):
        accreditation.submit_audit(audit=draft, by=personas["coach"])
    draft.refresh_from_db()
    assert draft.status == Audit.Status.DRAFT
