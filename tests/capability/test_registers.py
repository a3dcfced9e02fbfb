"""Registers, completion rules, certificates and surveys."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from qls.capability.models import Enrolment, SurveyAnswer, SurveyItem, SurveyResponse
from qls.capability.training import certificates, completion, registers, surveys
from qls.capability.training.errors import (
    CertificateRefused,
    CompletionRefused,
    FutureSession,
    SurveyRefused,
)
from qls.projects.models import Project, ProjectMember
from tests.factories.capability import (
    CohortFactory,
    EnrolmentFactory,
    PartnerParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(db):
    if not SurveyItem.objects.exists():
        SurveyItem.objects.bulk_create(SurveyItem(text=f"Item {n}", position=n) for n in range(3))
    return list(SurveyItem.objects.filter(active=True))


def register_project(staff, role=ProjectMember.Role.LEAD):
    project = Project.objects.create(
        title="Fewer falls",
        problem="Falls at night",
        aim_statement="Halve falls by March",
        start_date=timezone.localdate(),
        category=Project.Category.IMPROVE,
        coproduction_level=Project.Coproduction.INVOLVING,
    )
    ProjectMember.objects.create(project=project, staff=staff, role=role)
    return project


def attend(enrolment, numbers, by=None):
    for session in enrolment.cohort.sessions.filter(number__in=numbers):
        registers.save_register(session=session, present=[enrolment.pk], by=by)


def test_mark_all_present_marks_everyone_booked(past_practitioner_cohort):
    a = EnrolmentFactory(cohort=past_practitioner_cohort)
    b = EnrolmentFactory(cohort=past_practitioner_cohort)
    EnrolmentFactory(cohort=past_practitioner_cohort, status=Enrolment.Status.WAITLISTED)
    session = past_practitioner_cohort.sessions.get(number=1)
    here, away, _ = registers.mark_all_present(session=session, by=None)
    assert (here, away) == (2, 0)
    assert set(session.attendance.filter(present=True).values_list("enrolment", flat=True)) == {
        a.pk,
        b.pk,
    }


def test_register_records_exceptions_after_mark_all(past_practitioner_cohort):
    a = EnrolmentFactory(cohort=past_practitioner_cohort)
    b = EnrolmentFactory(cohort=past_practitioner_cohort)
    session = past_practitioner_cohort.sessions.get(number=1)
    registers.mark_all_present(session=session, by=None)
    here, away, _ = registers.save_register(session=session, present=[a.pk], by=None)
    assert (here, away) == (1, 1)
    assert not session.attendance.get(enrolment=b).present
    assert session.attendance.get(enrolment=b).history.count() == 2  # audit kept


def test_attendance_for_a_future_session_is_refused():
    cohort = CohortFactory(start_date=timezone.localdate() + dt.timedelta(days=3))
    e = EnrolmentFactory(cohort=cohort)
    session = cohort.sessions.first()
    with pytest.raises(FutureSession, match="attendance can be marked from that day"):
        registers.mark_all_present(session=session, by=None)
    assert not e.attendance.exists()


def test_practitioner_completes_with_four_sessions_and_a_project(past_practitioner_cohort, items):
    e = EnrolmentFactory(cohort=past_practitioner_cohort)
    attend(e, [1, 2, 3, 4])
    e.refresh_from_db()
    assert e.status == Enrolment.Status.ENROLLED  # no project yet
    assert completion.check(e).reasons == [
        "no QI project registered with them as lead or team member"
    ]
    register_project(e.participant.staff, ProjectMember.Role.MEMBER)
    completion.recheck_completions(past_practitioner_cohort)
    e.refresh_from_db()
    assert e.status == Enrolment.Status.COMPLETED
    assert e.certificate_number == f"QLS-{e.completed_at:%Y}-{e.pk:06d}"
    assert SurveyResponse.objects.filter(enrolment=e, phase="post").exists()


def test_three_sessions_are_not_enough(past_practitioner_cohort):
    e = EnrolmentFactory(cohort=past_practitioner_cohort)
    register_project(e.participant.staff)
    attend(e, [1, 2, 3])
    with pytest.raises(CompletionRefused, match=r"attended 3 of 5 sessions \(4 needed\)"):
        completion.complete(enrolment=e)


def test_a_sponsor_role_does_not_count_as_a_registered_project(past_practitioner_cohort):
    e = EnrolmentFactory(cohort=past_practitioner_cohort)
    register_project(e.participant.staff, ProjectMember.Role.SPONSOR)
    assert not completion.has_registered_project(e.participant)


def test_partner_completes_when_the_team_confirms_their_project(past_practitioner_cohort):
    e = EnrolmentFactory(cohort=past_practitioner_cohort, participant=PartnerParticipantFactory())
    attend(e, [1, 2, 3, 4, 5])
    with pytest.raises(CompletionRefused):
        completion.complete(enrolment=e)
    done = completion.complete(enrolment=e, project_confirmed=True)
    assert done.status == Enrolment.Status.COMPLETED


def test_certificate_for_an_incomplete_course_is_refused(past_practitioner_cohort):
    e = EnrolmentFactory(cohort=past_practitioner_cohort)
    attend(e, [1, 2])
    with pytest.raises(CertificateRefused, match=r"has not completed QSIR Practitioner"):
        certificates.render_certificate(e)


def test_certificate_is_a_pdf_for_a_completed_course(fundamentals):
    cohort = CohortFactory(course=fundamentals, start_date=timezone.localdate())
    e = EnrolmentFactory(cohort=cohort, participant__staff__last_name="O'Brien")
    attend(e, [1])
    e.refresh_from_db()
    assert e.status == Enrolment.Status.COMPLETED
    pdf = certificates.render_certificate(e)
    assert pdf.startswith(b"%PDF")
    html = certificates.certificate_html(e)
    # Names such as O'Brien reach the page escaped, as every name does.
    assert escape(e.participant.display_name) in html
    assert e.certificate_number in html


def test_survey_answers_are_saved_once(items):
    e = EnrolmentFactory()
    response = surveys.send_survey(e, phase="pre")
    surveys.submit(response=response, scores={i.pk: 5 for i in items})
    assert SurveyAnswer.objects.filter(response=response).count() == len(items)
    with pytest.raises(SurveyRefused, match="already been answered"):
        surveys.submit(response=response, scores={i.pk: 6 for i in items})


@pytest.mark.parametrize(
    ("bad", "message"),
    [(11, "11 is out of range"), (-1, "-1 is out of range"), ("seven", "not a whole number"),
     ("", "choose a score")],
)  # fmt: skip
def test_survey_score_out_of_range_is_refused_and_nothing_saved(items, bad, message):
    e = EnrolmentFactory()
    response = surveys.send_survey(e, phase="pre")
    scores = {i.pk: 5 for i in items}
    scores[items[1].pk] = bad
    with pytest.raises(SurveyRefused, match=f"Statement 2: .*{message}"):
        surveys.submit(response=response, scores=scores)
    response.refresh_from_db()
    assert response.submitted_at is None
    assert not SurveyAnswer.objects.filter(response=response).exists()


def test_the_database_refuses_a_score_out_of_range(items):
    from django.db import IntegrityError, transaction

    response = surveys.send_survey(EnrolmentFactory(), phase="pre")
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.create(response=response, item=items[0], score=12)


def test_a_register_corrected_to_absent_withdraws_the_completion_and_revokes_its_certificate(
    past_practitioner_cohort, personas
):
    e = EnrolmentFactory(cohort=past_practitioner_cohort)
    register_project(e.participant.staff)
    attend(e, [1, 2, 3, 4])
    e.refresh_from_db()
    assert e.status == Enrolment.Status.COMPLETED
    number = e.certificate_number
    assert SurveyResponse.objects.filter(enrolment=e, phase="post").exists()

    # Session 4 is corrected: they were not there after all.
    session = past_practitioner_cohort.sessions.get(number=4)
    registers.save_register(session=session, present=[], by=personas["improvement"])

    e.refresh_from_db()
    assert e.status == Enrolment.Status.ENROLLED
    assert e.completed_at is None
    assert completion.is_revoked(e)
    assert not SurveyResponse.objects.filter(enrolment=e, phase="post").exists()
    record = e.history.first()
    assert record.history_change_reason == (
        "Completion withdrawn, certificate revoked: "
        "register corrected, attended 3 of 5 sessions (4 needed)"
    )
    assert record.history_user == personas["improvement"]
    with pytest.raises(CertificateRefused, match=rf"Certificate {number} .* was revoked on"):
        certificates.render_certificate(e)

    # Corrected back: they complete again, with a certificate that downloads.
    registers.save_register(session=session, present=[e.pk], by=personas["improvement"])
    e.refresh_from_db()
    assert e.status == Enrolment.Status.COMPLETED
    assert not completion.is_revoked(e)
    assert certificates.render_certificate(e).startswith(b"%PDF")


def test_checking_completions_again_withdraws_what_the_register_no_longer_supports(
    past_practitioner_cohort, client, personas
):
    from django.urls import reverse

    e = EnrolmentFactory(cohort=past_practitioner_cohort)
    register_project(e.participant.staff)
    attend(e, [1, 2, 3, 4])
    # A mark changed behind the register's back (an admin edit): the recheck catches it.
    e.attendance.filter(session__number=1).update(present=False)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("capability:cohort_completions", args=[past_practitioner_cohort.pk]), follow=True
    )
    assert "1 completion(s) withdrawn and certificate(s) revoked" in response.content.decode()
    e.refresh_from_db()
    assert e.status == Enrolment.Status.ENROLLED


def test_a_completion_without_any_register_is_left_alone(past_practitioner_cohort):
    e = EnrolmentFactory(
        cohort=past_practitioner_cohort,
        status=Enrolment.Status.COMPLETED,
        completed_at=timezone.now(),
    )  # an imported history: no attendance was ever taken in QLS
    result = completion.recheck_completions(past_practitioner_cohort)
    assert result.withdrawn == []
    e.refresh_from_db()
    assert e.status == Enrolment.Status.COMPLETED
