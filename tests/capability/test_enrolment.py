"""Booking rules: places, the waiting list, offers of freed places, double booking."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.utils import timezone

from qls.capability.models import Cohort, Enrolment, SurveyResponse
from qls.capability.training import enrolment
from qls.capability.training.errors import (
    AlreadyEnrolled,
    CohortFull,
    CohortNotBookable,
    OfferNotOpen,
)
from tests.factories.capability import (
    CohortFactory,
    ParticipantFactory,
    PartnerParticipantFactory,
)
from tests.factories.organisation import OrganisationFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def book(cohort, participant=None, **kwargs):
    return enrolment.request_place(
        cohort=cohort, participant=participant or ParticipantFactory(), **kwargs
    )


def test_a_free_place_enrols_and_sends_the_pre_course_survey(django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        e = book(cohort)
    assert e.status == Enrolment.Status.ENROLLED
    assert SurveyResponse.objects.filter(enrolment=e, phase="pre").exists()
    subjects = [m.subject for m in mail.outbox]
    assert any("Your place on" in s for s in subjects)
    assert any("pre-course" in s for s in subjects)


def test_a_full_cohort_puts_people_on_the_waiting_list_in_order():
    cohort = CohortFactory(capacity=1)
    book(cohort)
    second = book(cohort)
    third = book(cohort)
    assert second.status == third.status == Enrolment.Status.WAITLISTED
    assert list(enrolment.waiting_list(cohort)) == [second, third]
    assert enrolment.places_left(cohort) == 0


def test_enrolling_past_capacity_is_refused_when_no_waiting_list_is_wanted():
    cohort = CohortFactory(capacity=1)
    book(cohort)
    with pytest.raises(CohortFull, match="full: all 1 places are taken"):
        book(cohort, waitlist_if_full=False)
    assert cohort.enrolments.count() == 1


def test_double_booking_the_same_cohort_is_refused():
    cohort = CohortFactory()
    person = ParticipantFactory()
    book(cohort, person)
    with pytest.raises(AlreadyEnrolled, match="already enrolled on"):
        book(cohort, person)
    assert cohort.enrolments.count() == 1


def test_booking_a_second_cohort_of_the_same_course_is_refused():
    first = CohortFactory()
    other = CohortFactory(course=first.course)
    person = ParticipantFactory()
    book(first, person)
    with pytest.raises(AlreadyEnrolled, match="same course"):
        book(other, person)


def test_cancelling_offers_the_place_to_the_first_person_waiting(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory(capacity=1)
    first = book(cohort)
    waiting = book(cohort)
    book(cohort)  # third in line stays waiting
    with django_capture_on_commit_callbacks(execute=True):
        offers = enrolment.cancel(enrolment=first, reason="Cannot attend")
    assert offers == [waiting]
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.OFFERED
    assert waiting.offer_expires > timezone.now()
    offer_mail = [m for m in mail.outbox if "A place has come up" in m.subject]
    assert len(offer_mail) == 1
    assert f"/learning/enrolments/{waiting.pk}/offer/" in offer_mail[0].body
    assert enrolment.places_left(cohort) == 0  # the offer holds the place


def test_accepting_an_offer_enrols():
    cohort = CohortFactory(capacity=1)
    first = book(cohort)
    waiting = book(cohort)
    enrolment.cancel(enrolment=first)
    accepted = enrolment.accept_offer(enrolment=waiting)
    assert accepted.status == Enrolment.Status.ENROLLED


def test_an_expired_offer_passes_to_the_next_person_and_cannot_be_accepted():
    cohort = CohortFactory(capacity=1)
    first = book(cohort)
    second = book(cohort)
    third = book(cohort)
    enrolment.cancel(enrolment=first)
    later = timezone.now() + enrolment.OFFER_VALID + dt.timedelta(minutes=1)
    with pytest.raises(OfferNotOpen, match="is closed"):
        enrolment.accept_offer(enrolment=second, now=later)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Enrolment.Status.CANCELLED
    assert third.status == Enrolment.Status.OFFERED


def test_the_hourly_job_passes_on_overdue_offers_in_every_cohort(
    django_capture_on_commit_callbacks, settings
):
    from django.core.management import call_command

    from qls.capability.tasks import expire_offers

    settings.QLS_BASE_URL = "https://qls.example.nhs.uk"
    lines = []
    for _ in range(2):
        cohort = CohortFactory(capacity=1)
        first, second, third = book(cohort), book(cohort), book(cohort)
        enrolment.cancel(enrolment=first)
        lines.append((second, third))
    untouched = CohortFactory(capacity=1)
    book(untouched)
    book(untouched)
    assert enrolment.expire_all_offers() == 0  # nothing overdue yet
    later = timezone.now() + enrolment.OFFER_VALID + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert enrolment.expire_all_offers(now=later) == 2
    for second, third in lines:
        second.refresh_from_db()
        third.refresh_from_db()
        assert (second.status, third.status) == ("cancelled", "offered")
    links = [m.body for m in mail.outbox if "A place has come up" in m.subject]
    assert any(f"https://qls.example.nhs.uk/learning/enrolments/{lines[0][1].pk}/offer/" in b
               for b in links)  # fmt: skip
    # The scheduled job and the command run the same thing; nothing is left to do.
    assert expire_offers.call_local() == 0
    out = io.StringIO()
    call_command("expire_offers", stdout=out)
    assert out.getvalue().strip() == "0 expired offers passed on."


def test_no_email_is_sent_when_the_booking_rolls_back(django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        book(cohort)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(CohortFull):
        book(cohort, waitlist_if_full=False)
    assert callbacks == []
    assert len(mail.outbox) == sent


def test_a_cancelled_cohort_takes_no_bookings():
    cohort = CohortFactory(status=Cohort.Status.CANCELLED)
    with pytest.raises(CohortNotBookable):
        book(cohort)


def test_a_planned_cohort_records_applications_and_allocates_them_in_order_on_opening():
    cohort = CohortFactory(capacity=1, status=Cohort.Status.PLANNED)
    first = book(cohort)
    second = enrolment.nominate(cohort=cohort, staff=StaffMemberFactory(), by=None)
    assert (first.status, second.status) == (Enrolment.Status.APPLIED, Enrolment.Status.NOMINATED)
    enrolment.open_booking(cohort)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Enrolment.Status.ENROLLED
    assert second.status == Enrolment.Status.WAITLISTED


def test_partner_participants_book_like_staff():
    cohort = CohortFactory(capacity=5)
    council = OrganisationFactory(kind="council")
    e = enrolment.add_partner(
        cohort=cohort,
        name="Alex Rivers",
        email="alex@council.example",
        organisation=council,
        by=None,
    )
    assert e.status == Enrolment.Status.ENROLLED
    assert e.participant.is_partner
    assert e.source == Enrolment.Source.IMPROVEMENT_TEAM
    assert e.participant.organisation_name == council.name


def test_capacity_cannot_drop_below_places_taken_and_a_rise_offers_places():
    cohort = CohortFactory(capacity=1)
    book(cohort)
    waiting = book(cohort, PartnerParticipantFactory())
    with pytest.raises(Exception, match="already taken"):
        enrolment.set_capacity(cohort, 0)
    offers = enrolment.set_capacity(cohort, 2)
    assert offers == [waiting]


def test_no_offer_asks_for_a_reply_after_the_course_has_started(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory(capacity=1, start_date=timezone.localdate() - dt.timedelta(days=1))
    first = book(cohort)
    waiting = book(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        offers = enrolment.cancel(enrolment=first, reason="Left the trust")
    assert offers == []
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.WAITLISTED
    assert not [m for m in mail.outbox if "A place has come up" in m.subject]


def test_an_offer_made_the_day_before_the_course_must_be_answered_before_it_starts():
    cohort = CohortFactory(capacity=1, start_date=timezone.localdate() + dt.timedelta(days=1))
    first = book(cohort)
    waiting = book(cohort)
    enrolment.cancel(enrolment=first)
    waiting.refresh_from_db()
    starts = enrolment.course_starts_at(cohort)
    assert waiting.status == Enrolment.Status.OFFERED
    assert waiting.offer_expires == starts  # not 72 hours: the course starts sooner
    assert timezone.localtime(starts).time() == dt.time(9, 0)
    with pytest.raises(OfferNotOpen):
        enrolment.accept_offer(enrolment=waiting, now=starts + dt.timedelta(minutes=5))
