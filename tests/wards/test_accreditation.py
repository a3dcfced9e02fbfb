"""Accreditation: scoring, answer ranges, the consecutive-audit rule and re-audit dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.wards import accreditation
from qls.wards.errors import AnswerOutOfRange, AuditError
from qls.wards.models import Audit, AuditAnswer
from tests.factories.organisation import StaffMemberFactory, WardFactory
from tests.factories.wards import AuditQuestionFactory, AuditSectionFactory, standard_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    section = AuditSectionFactory(title="Safe care")
    AuditQuestionFactory(section=section, text="Resus trolley checked daily", answer_type="yes_no")
    AuditQuestionFactory(
        section=section, text="Handover quality", answer_type="scale_0_4", weight=2
    )
    AuditQuestionFactory(section=section, text="Care plans complete", answer_type="percent")
    return section.template


def _questions(template):
    return list(template.sections.get().questions.order_by("order"))


def test_score_is_the_weighted_mean_of_answer_fractions():
    # yes (1 of 1, weight 1), 3 of 4 (weight 2), 50% (weight 1) -> (1 + 1.5 + 0.5) / 4
    assert accreditation.score(
        [("yes_no", 1, 1), ("scale_0_4", 2, 3), ("percent", 1, 50)]
    ) == pytest.approx(75.0)
    assert accreditation.score([("yes_no", 1, None), ("yes_no", 1, 0)]) == 0
    assert accreditation.score([("yes_no", 1, None)]) is None


def test_answers_outside_their_scale_are_refused_and_nothing_is_saved(template):
    audit = accreditation.start_audit(template=template, ward=WardFactory(), date=dt.date.today())
    yes_no, scale, percent = _questions(template)
    with pytest.raises(AnswerOutOfRange) as caught:
        accreditation.save_answers(
            audit=audit, raw={yes_no.pk: "1", scale.pk: "5", percent.pk: "140"}
        )
    assert "'Handover quality': choose a whole number from 0 to 4, not 5." in caught.value.message
    assert "'Care plans complete': enter a percentage from 0 to 100, not 140." in (
        caught.value.message
    )
    assert not AuditAnswer.objects.exists()


def test_the_database_refuses_an_answer_out_of_range(template):
    from django.db import IntegrityError, transaction

    audit = accreditation.start_audit(template=template, ward=WardFactory(), date=dt.date.today())
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditAnswer.objects.create(audit=audit, question=_questions(template)[0], value=101)


def test_submit_needs_every_question_answered_then_scores(template):
    audit = accreditation.start_audit(template=template, ward=WardFactory(), date=dt.date.today())
    yes_no, scale, percent = _questions(template)
    accreditation.save_answers(audit=audit, raw={yes_no.pk: "1", scale.pk: "3"})
    with pytest.raises(AuditError, match="Not answered: 'Care plans complete'"):
        accreditation.submit_audit(audit=audit)
    accreditation.save_answers(audit=audit, raw={percent.pk: "na"})
    submitted = accreditation.submit_audit(audit=audit)
    assert submitted.status == "submitted"
    assert submitted.score == pytest.approx((1 + 2 * 0.75) / 3 * 100, abs=0.1)


def test_nobody_audits_their_own_ward(template):
    ward = WardFactory()
    with pytest.raises(AuditError, match="You work on"):
        accreditation.start_audit(
            template=template,
            ward=ward,
            date=dt.date.today(),
            auditor=StaffMemberFactory(ward=ward),
        )


def test_a_level_needs_consecutive_audits_at_or_above_it():
    levels = standard_levels()
    bronze, silver, gold = levels
    assert accreditation.level_for([95], levels) is None  # one audit is not a run
    assert accreditation.level_for([95, 92], levels) == gold
    assert accreditation.level_for([95, 85], levels) == silver
    assert accreditation.level_for([65, 95, 95], levels) is None  # the latest audit counts
    assert accreditation.level_for([75, 99], levels) == bronze
    gold.consecutive_audits = 3
    assert accreditation.level_for([95, 92], levels) == silver
    assert accreditation.level_for([95, 92, 91], levels) == gold


def _submitted(ward, template, date, score):
    return Audit.objects.create(
        ward=ward, template=template, date=date, status="submitted", score=score,
        submitted_at=dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC),
    )  # fmt: skip


def test_board_shows_level_and_flags_an_overdue_re_audit(template, client, personas):
    standard_levels()
    ward = WardFactory(name="Heron Ward")
    _submitted(ward, template, dt.date(2024, 1, 10), 91)
    _submitted(ward, template, dt.date(2024, 4, 10), 93)
    rows = accreditation.site_status(ward.site, today=dt.date(2024, 8, 1))
    assert rows[0].level.name == "Gold"
    assert rows[0].next_due == dt.date(2024, 7, 10)
    assert rows[0].overdue
    client.force_login(personas["staff"])
    html = client.get(reverse("wards:accreditation_board", args=[ward.site.code])).content.decode()
    assert "Heron Ward" in html
    assert "Gold" in html
    page = client.get(reverse("wards:accreditation_ward", args=[ward.code]))
    assert page.status_code == 200
    assert "audit-scores" in page.content.decode()


def test_audit_entry_page_refuses_an_out_of_scale_answer(client, personas, template):
    audit = accreditation.start_audit(
        template=template, ward=WardFactory(), date=dt.date.today(), by=personas["coach"]
    )
    yes_no, scale, percent = _questions(template)
    client.force_login(personas["coach"])
    response = client.post(
        reverse("wards:audit", args=[audit.pk]),
        {f"q{yes_no.pk}": "1", f"q{scale.pk}": "2", f"q{percent.pk}": "250"},
    )
    assert response.status_code == 200
    assert "enter a percentage from 0 to 100, not 250" in response.content.decode()
    assert not AuditAnswer.objects.exists()
