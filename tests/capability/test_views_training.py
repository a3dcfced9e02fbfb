"""The training pages through the test client: messages, refusals and one-step writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.capability.models import Cohort, Enrolment, SurveyItem, SurveyResponse
from qls.capability.training import surveys
from tests.factories.capability import CohortFactory, EnrolmentFactory, ParticipantFactory
from tests.factories.organisation import SiteFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def items(db):
    if not SurveyItem.objects.exists():
        SurveyItem.objects.bulk_create(SurveyItem(text=f"Item {n}", position=n) for n in range(3))
    return list(SurveyItem.objects.filter(active=True))


def test_staff_apply_for_a_place_then_the_next_person_joins_the_waiting_list(
    client, personas, staff_of
):
    cohort = CohortFactory(capacity=1)
    staff_of(personas["staff"])
    staff_of(personas["lead"])
    client.force_login(personas["staff"])
    page = client.get(cohort.get_absolute_url())
    assert b"Apply for a place" in page.content
    done = client.post(
        reverse("capability:apply", args=[cohort.pk]), {"want": "place"}, follow=True
    )
    assert any("You have a place" in m for m in messages_of(done))
    client.force_login(personas["lead"])
    page = client.get(cohort.get_absolute_url())
    assert b"Join the waiting list" in page.content
    done = client.post(
        reverse("capability:apply", args=[cohort.pk]), {"want": "waitlist"}, follow=True
    )
    assert any("number 1 on the waiting list" in m for m in messages_of(done))


def test_booking_the_last_place_someone_else_just_took_is_refused(client, personas, staff_of):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort)
    staff_of(personas["staff"])
    client.force_login(personas["staff"])
    done = client.post(
        reverse("capability:apply", args=[cohort.pk]), {"want": "place"}, follow=True
    )
    assert any("is full" in m and "waiting list instead" in m for m in messages_of(done))
    assert cohort.enrolments.count() == 1


def test_booking_twice_is_refused_with_a_message(client, personas, staff_of):
    cohort = CohortFactory()
    staff_of(personas["staff"])
    client.force_login(personas["staff"])
    url = reverse("capability:apply", args=[cohort.pk])
    client.post(url, {"want": "place"})
    done = client.post(url, {"want": "place"}, follow=True)
    assert any("already enrolled" in m for m in messages_of(done))


def test_a_member_without_a_staff_record_cannot_book(client, personas):
    cohort = CohortFactory()
    client.force_login(personas["executive"])
    done = client.post(reverse("capability:apply", args=[cohort.pk]), follow=True)
    assert any("not linked to a staff record" in m for m in messages_of(done))


def test_register_for_a_future_session_is_refused(client, personas):
    cohort = CohortFactory(start_date=timezone.localdate() + dt.timedelta(days=2))
    EnrolmentFactory(cohort=cohort)
    session = cohort.sessions.first()
    client.force_login(personas["improvement"])
    done = client.post(
        reverse("capability:register", args=[session.pk]), {"action": "all"}, follow=True
    )
    assert any("not before" in m for m in messages_of(done))
    assert not session.attendance.exists()


def test_mark_all_present_completes_a_one_day_course(client, personas, fundamentals):
    cohort = CohortFactory(course=fundamentals, start_date=timezone.localdate())
    e = EnrolmentFactory(cohort=cohort)
    session = cohort.sessions.first()
    client.force_login(personas["improvement"])
    done = client.post(
        reverse("capability:register", args=[session.pk]), {"action": "all"}, follow=True
    )
    assert any("1 present, 0 absent" in m and "1 participant(s) completed" in m
               for m in messages_of(done))  # fmt: skip
    e.refresh_from_db()
    assert e.status == Enrolment.Status.COMPLETED


def test_certificate_for_an_incomplete_booking_is_refused_with_a_message(
    client, personas, staff_of, past_practitioner_cohort
):
    member = staff_of(personas["staff"])
    e = EnrolmentFactory(
        cohort=past_practitioner_cohort, participant=ParticipantFactory(staff=member)
    )
    client.force_login(personas["staff"])
    done = client.get(reverse("capability:certificate", args=[e.pk]), follow=True)
    assert done.redirect_chain[-1][0] == reverse("capability:my_training")
    assert any("No certificate yet" in m and "attended 0 of 5" in m for m in messages_of(done))


def test_certificate_download_for_a_completed_booking(client, personas, staff_of):
    member = staff_of(personas["staff"])
    e = EnrolmentFactory(
        participant=ParticipantFactory(staff=member),
        status=Enrolment.Status.COMPLETED,
        completed_at=timezone.now(),
        certificate_number="QLS-2026-000042",
    )
    client.force_login(personas["staff"])
    response = client.get(reverse("capability:certificate", args=[e.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "QLS-2026-000042" in response["Content-Disposition"]


def test_survey_out_of_range_is_refused_and_can_then_be_answered(client, personas, staff_of, items):
    member = staff_of(personas["staff"])
    e = EnrolmentFactory(participant=ParticipantFactory(staff=member))
    response = surveys.send_survey(e, phase="pre")
    client.force_login(personas["staff"])
    url = reverse("capability:survey", args=[response.pk])
    page = client.get(url)
    assert b"how confident are you" in page.content
    bad = {f"item-{i.pk}": "7" for i in items} | {f"item-{items[0].pk}": "14"}
    refused = client.post(url, bad)
    assert refused.status_code == 200
    assert b"14 is out of range" in refused.content
    good = {f"item-{i.pk}": "7" for i in items}
    client.post(url, good)
    response.refresh_from_db()
    assert response.submitted_at is not None


def test_my_training_lists_surveys_to_answer(client, personas, staff_of, items):
    member = staff_of(personas["staff"])
    e = EnrolmentFactory(participant=ParticipantFactory(staff=member))
    surveys.send_survey(e, phase="pre")
    client.force_login(personas["staff"])
    page = client.get(reverse("capability:my_training"))
    assert b"Before the course survey" in page.content


def test_planner_previews_then_creates_a_year_in_one_step(client, personas, practitioner):
    sites = [SiteFactory(), SiteFactory()]
    client.force_login(personas["improvement"])
    data = {
        "course": practitioner.pk, "year": 2031, "count": 4, "weekday": 1, "capacity": 24,
        "sites": [s.pk for s in sites], "venue": "Education Centre", "start_time": "09:00",
        "end_time": "16:30", "status": "open",
    }  # fmt: skip
    preview = client.get(reverse("capability:planner"), data)
    assert preview.status_code == 200
    assert len(preview.context["preview"]) == 4
    assert Cohort.objects.count() == 0
    done = client.post(reverse("capability:planner"), data, follow=True)
    assert any("4 cohorts of QSIR Practitioner created for 2031, with 20 sessions" in m
               for m in messages_of(done))  # fmt: skip
    assert Cohort.objects.filter(course=practitioner).count() == 4


def test_manager_cancels_a_booking_and_the_place_is_offered(client, personas):
    cohort = CohortFactory(capacity=1)
    first = EnrolmentFactory(cohort=cohort)
    waiting = EnrolmentFactory(
        cohort=cohort, status=Enrolment.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    client.force_login(personas["improvement"])
    done = client.post(reverse("capability:cancel", args=[first.pk]), follow=True)
    assert any("was offered to" in m for m in messages_of(done))
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.OFFERED


def test_partner_participant_added_by_the_improvement_team(client, personas):
    from tests.factories.organisation import OrganisationFactory

    cohort = CohortFactory()
    council = OrganisationFactory(kind="council")
    client.force_login(personas["improvement"])
    done = client.post(
        reverse("capability:add_partner", args=[cohort.pk]),
        {"name": "Alex Rivers", "email": "alex@council.example", "organisation": council.pk,
         "job_role": "Social worker", "if_full": "waitlist"},
        follow=True,
    )  # fmt: skip
    assert any("Alex Rivers has a place" in m for m in messages_of(done))


def test_nomination_by_staff_number(client, personas):
    cohort = CohortFactory()
    member = StaffMemberFactory()
    client.force_login(personas["lead"])
    done = client.post(
        reverse("capability:nominate", args=[cohort.pk]),
        {"staff": member.staff_number, "source": "ward_event"},
        follow=True,
    )
    assert any("has a place" in m for m in messages_of(done))
    e = cohort.enrolments.get()
    assert e.source == Enrolment.Source.WARD_EVENT
    assert e.nominated_by == personas["lead"]
    refused = client.post(reverse("capability:nominate", args=[cohort.pk]), {"staff": "00000000"})
    assert (
        b"No one in the staff directory has the staff number or email &#x27;00000000&#x27;"
        in refused.content
    )
    # or by picking their name from the suggestions as it is typed
    other = StaffMemberFactory()
    client.post(
        reverse("capability:nominate", args=[cohort.pk]),
        {"staff": f"{other.full_name} ({other.staff_number})", "source": "manager"},
    )
    assert cohort.enrolments.filter(participant__staff=other).exists()


def test_reports_show_the_paired_change_and_download(
    client, personas, staff_of, items, fundamentals
):
    cohort = CohortFactory(
        course=fundamentals, start_date=timezone.localdate() - dt.timedelta(days=30)
    )
    for n, (pre, post) in enumerate([(3, 6), (4, 6), (5, 7)]):
        e = EnrolmentFactory(
            cohort=cohort, status=Enrolment.Status.COMPLETED, completed_at=timezone.now(),
            certificate_number=f"QLS-X-{n}",
        )  # fmt: skip
        for phase, score in (("pre", pre), ("post", post)):
            r = SurveyResponse.objects.create(enrolment=e, phase=phase)
            surveys.submit(response=r, scores={i.pk: score for i in items})
    client.force_login(personas["executive"])
    page = client.get(reverse("capability:reports"), {"by": "cohort"})
    assert page.status_code == 200
    overall = page.context["efficacy_overall"]
    assert overall.change.n == 3
    assert overall.change.mean_change == pytest.approx(7 / 3)
    csv = client.get(reverse("capability:report_download", args=["self-efficacy", "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    assert "Mean change" in csv.content.decode("utf-8-sig")
