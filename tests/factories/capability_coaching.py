"""Factories for coaching, clinics, action learning sets and improvement programmes."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qls.capability.models import (
    ActionLearningSet,
    Clinic,
    ClinicBooking,
    ClinicSlot,
    Coach,
    Cohort,
    Competency,
    CompetencyEvidence,
    CompetencyLevel,
    Course,
    Enrolment,
    ImprovementProgramme,
    Participant,
    ProgrammeTeam,
    SetMeeting,
)
from tests.factories.organisation import OrganisationFactory, SiteFactory, StaffMemberFactory


class CompetencyLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyLevel
        django_get_or_create = ("order",)

    order = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Level {o.order}")


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    level = factory.SubFactory(CompetencyLevelFactory)
    code = factory.Sequence(lambda n: f"K{n}")
    title = factory.Sequence(lambda n: f"Competency {n}")


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach
        skip_postgeneration_save = True

    staff = factory.SubFactory(StaffMemberFactory)
    level = factory.SubFactory(CompetencyLevelFactory, order=3, name="Coach")
    capacity = 3
    active = True

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create:
            self.sites.set(extracted or ([self.staff.site] if self.staff.site_id else []))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyEvidence

    staff = factory.SubFactory(StaffMemberFactory)
    competency = factory.SubFactory(CompetencyFactory)
    note = "Led the driver diagram session for the falls project."


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"QI clinic {n}")
    weekday = Clinic.Weekday.WEDNESDAY
    start_time = dt.time(13, 0)
    end_time = dt.time(15, 0)
    slot_minutes = 30
    starts_on = dt.date(2025, 1, 1)
    venue = "Education centre, room 2"

    @factory.post_generation
    def coaches(self, create, extracted, **kwargs):
        if create and extracted:
            self.coaches.set(extracted)


def in_days(days: float, hour: int = 13, minute: int = 0) -> dt.datetime:
    """An aware local datetime ``days`` from today at hour:minute."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


class ClinicSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicSlot

    clinic = factory.SubFactory(ClinicFactory)
    starts_at = factory.Sequence(lambda n: in_days(7 + n))
    duration_minutes = 30
    coach = None


class ClinicBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicBooking

    slot = factory.SubFactory(ClinicSlotFactory)
    staff = factory.SubFactory(StaffMemberFactory)
    starts_at = factory.LazyAttribute(lambda b: b.slot.starts_at)
    topic = "Help with a run chart"


class ActionLearningSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLearningSet
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Action learning set {n}")
    facilitator = factory.SubFactory(StaffMemberFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class SetMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SetMeeting

    set = factory.SubFactory(ActionLearningSetFactory)
    date = factory.Sequence(lambda n: timezone.localdate() - dt.timedelta(days=7 * (n + 1)))


def cohort_with_participants(staff: int = 16, partners: int = 8, name: str = "System cohort 1"):
    """A practitioner cohort with ``staff`` trust staff and ``partners`` partner participants."""
    course, _ = Course.objects.get_or_create(
        name="QSIR Practitioner",
        defaults={"kind": Course.Kind.PRACTITIONER, "sessions_count": 5},
    )
    cohort = Cohort.objects.create(
        course=course, name=name, start_date=dt.date(2025, 3, 3), capacity=staff + partners
    )
    icb = OrganisationFactory(code="ICBX", name="Test ICB", kind="icb")
    people = [Participant.objects.create(staff=StaffMemberFactory()) for _ in range(staff)]
    people += [
        Participant.objects.create(name=f"Partner {n}", organisation=icb) for n in range(partners)
    ]
    Enrolment.objects.bulk_create(
        [Enrolment(cohort=cohort, participant=p, status=Enrolment.Status.ENROLLED) for p in people]
    )
    return cohort


class ImprovementProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementProgramme

    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = ImprovementProgramme.Kind.SYSTEM_WIDE


class ProgrammeTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeTeam

    programme = factory.SubFactory(ImprovementProgrammeFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    wicked_problem = "Frailty at the front door"
