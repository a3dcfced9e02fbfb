"""The demo's e-learning: six chapters with quizzes, and learners who completed it into the
training record or stopped part-way."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from qls.capability.models import Course, Enrolment, SurveyItem
from qls.capability.training import reports
from qls.community.elearning.models import Attempt, Chapter, Progress
from qls.demo import steps as demo_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db, monkeypatch):
    # What the e-learning stands on (staff, log-ins, training), and the e-learning itself.
    kept = [*demo_steps.up_to("capability"), *demo_steps.only("elearning")[3:]]
    monkeypatch.setattr(demo_steps, "STEPS", kept)
    if not SurveyItem.objects.exists():
        SurveyItem.objects.bulk_create(SurveyItem(text=f"Item {n}", position=n) for n in range(8))
    call_command("demo", "--staff", "700")


def test_the_demo_has_six_chapters_each_with_a_quiz(built):
    chapters = list(Chapter.objects.filter(published=True))
    assert len(chapters) == 6
    assert all(c.questions.count() >= 3 for c in chapters)
    assert chapters[2].title == "Testing changes with PDSA cycles"


def test_demo_completions_are_in_the_training_record_with_every_quiz_passed(built):
    completed = Enrolment.objects.filter(cohort__course__kind=Course.Kind.QI_INTRO)
    assert completed.count() == round(700 * 3000 / 14000) + 1  # and the lead
    assert not completed.exclude(status=Enrolment.Status.COMPLETED).exists()
    assert not completed.filter(certificate_number="").exists()
    one = completed.first()
    passed = Attempt.objects.filter(participant=one.participant, passed=True)
    assert passed.values("chapter").distinct().count() == 6
    assert Progress.objects.filter(completed_at__isnull=True).count() > 0


def test_demo_e_learning_counts_in_the_training_reports(built):
    course = Course.objects.get(kind=Course.Kind.QI_INTRO)
    rows = reports.trained_by(reports.Filters(course=course), "course")
    assert sum(r[-1] for r in rows) == Enrolment.objects.filter(cohort__course=course).count()


def test_the_demo_staff_log_in_is_half_way_and_the_lead_has_completed(client, built):
    from qls.accounts.models import User

    client.force_login(User.objects.get(username="staff"))
    page = client.get(reverse("community:index"))
    assert b"You have passed 3 of 6 chapters." in page.content
    assert b"Carry on: chapter 4, Measurement for improvement" in page.content
    client.force_login(User.objects.get(username="lead"))
    assert b"You completed it on" in client.get(reverse("community:index")).content
