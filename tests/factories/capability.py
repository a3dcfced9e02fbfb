"""Factories for training: courses, cohorts with sessions, participants, enrolments."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qls.capability.models import (
    Attendance,
    Cohort,
    Course,
    Enrolment,
    Participant,
    Session,
)
from tests.factories.organisation import OrganisationFactory, SiteFactory, StaffMemberFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Course {n}")
    kind = Course.Kind.FUNDAMENTALS
    sessions_count = 1
    min_sessions_attended = 1
    session_interval_days = 7
    requires_project = False

    class Params:
        practitioner = factory.Trait(
            name="QSIR Practitioner",
            kind=Course.Kind.PRACTITIONER,
            sessions_count=5,
            min_sessions_attended=4,
            requires_project=True,
        )
        fundamentals = factory.Trait(name="QSIR Fundamentals", kind=Course.Kind.FUNDAMENTALS)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    site = factory.SubFactory(SiteFactory)
    venue = "Education Centre"
    capacity = 20
    status = Cohort.Status.OPEN

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        """One session per course session, at the course's interval from the start date."""
        if not create or extracted is False:
            return
        Session.objects.bulk_create(
            Session(
                cohort=self,
                number=n + 1,
                date=self.start_date + dt.timedelta(days=self.course.session_interval_days * n),
                start_time=dt.time(9, 0),
                end_time=dt.time(16, 30),
            )
            for n in range(self.course.sessions_count)
        )


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    staff = factory.SubFactory(StaffMemberFactory)


class PartnerParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    staff = None
    name = factory.Sequence(lambda n: f"Partner Person {n}")
    email = factory.Sequence(lambda n: f"partner{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory, kind="council")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = Enrolment.Status.ENROLLED
    enrolled_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.LazyAttribute(lambda a: a.enrolment.cohort.sessions.first())
    enrolment = factory.SubFactory(EnrolmentFactory)
    present = True
