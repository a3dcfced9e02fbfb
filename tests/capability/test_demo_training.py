"""The demo's training data: believable, consistent, and the screens have something to show."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from qls.capability.models import Cohort, Course, Enrolment, SurveyItem, SurveyResponse
from qls.capability.training import certificates, efficacy, reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db, demo_steps_up_to):
    demo_steps_up_to("capability")  # up to and including the training step
    # The survey items come from a data migration; seed them when tests skip migrations.
    if not SurveyItem.objects.exists():
        SurveyItem.objects.bulk_create(SurveyItem(text=f"Item {n}", position=n) for n in range(8))
    call_command("demo", "--staff", "600")


def test_demo_has_cohorts_from_2017_with_four_practitioner_cohorts_a_year(built):
    practitioner = Cohort.objects.filter(course__kind=Course.Kind.PRACTITIONER)
    assert practitioner.order_by("start_date").first().start_date.year == 2017
    assert practitioner.filter(start_date__year=2018).count() == 4
    assert Cohort.objects.filter(course__kind=Course.Kind.FUNDAMENTALS).count() > 100


def test_demo_completions_have_certificates_and_attendance(built):
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    assert completed.count() > 100
    numbered = completed.exclude(certificate_number="")
    assert numbered.count() > 0.6 * completed.count()
    # Completions recorded elsewhere without a number get one with their certificate.
    unnumbered = completed.filter(certificate_number="").first()
    if unnumbered is not None:
        assert certificates.render_certificate(unnumbered).startswith(b"%PDF")
        unnumbered.refresh_from_db()
        assert unnumbered.certificate_number.startswith("QLS-")
    sample = completed.filter(cohort__course__kind=Course.Kind.PRACTITIONER).first()
    assert sample.attendance.filter(present=True).count() >= 4


def test_demo_surveys_show_an_improvement_with_non_responders(built):
    (overall,) = efficacy.self_efficacy(reports.Filters(), "all")
    assert overall.change.n > 20
    assert 1.2 < overall.change.mean_change < 2.8
    assert overall.change.p_value < 0.001
    assert overall.pre_answered < overall.pre_sent
    assert SurveyResponse.objects.filter(submitted_at__isnull=True).exists()


def test_demo_users_have_training_and_an_upcoming_cohort_is_full(built):
    staff = Enrolment.objects.filter(participant__staff__user__username="staff")
    assert staff.filter(status=Enrolment.Status.COMPLETED).exists()
    upcoming = staff.get(status=Enrolment.Status.ENROLLED)
    assert upcoming.cohort.start_date > timezone.localdate()
    assert upcoming.survey_responses.filter(phase="pre", submitted_at__isnull=True).exists()
    waiting = Enrolment.objects.filter(status=Enrolment.Status.WAITLISTED)
    assert waiting.count() == 3
    full = waiting.first().cohort
    held = full.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    assert held == full.capacity
    assert Enrolment.objects.filter(participant__staff__isnull=True).exists()  # partners
