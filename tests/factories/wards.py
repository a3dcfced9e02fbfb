"""Factories for the ward programme (factory_boy)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qls.wards.models import (
    AccreditationLevel,
    AuditQuestion,
    AuditSection,
    AuditTemplate,
    EngagementEvent,
    Issue,
    WardJourney,
    WardProgramme,
    Wave,
)
from tests.factories.organisation import SiteFactory, WardFactory


class WardProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WardProgramme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ward programme {n}")
    start = dt.date(2024, 1, 1)
    end = dt.date(2024, 12, 31)

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.add(*extracted)


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wave

    programme = factory.SubFactory(WardProgrammeFactory)
    site = factory.SubFactory(SiteFactory)
    number = 1
    start = factory.LazyAttribute(lambda w: w.programme.start)
    end = factory.LazyAttribute(lambda w: w.start + dt.timedelta(days=90))


class WardJourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WardJourney

    wave = factory.SubFactory(WaveFactory)
    programme = factory.LazyAttribute(lambda j: j.wave.programme)
    ward = factory.SubFactory(WardFactory, site=factory.SelfAttribute("..wave.site"))
    stage = WardJourney.Stage.ENGAGEMENT


class EngagementEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementEvent

    journey = factory.SubFactory(WardJourneyFactory)
    title = factory.LazyAttribute(lambda e: f"{e.journey.ward.name} staff event")
    date = factory.LazyFunction(timezone.localdate)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    event = factory.SubFactory(EngagementEventFactory)
    text = factory.Sequence(lambda n: f"The drug fridge key goes missing on nights ({n})")


class AuditTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditTemplate

    name = factory.Sequence(lambda n: f"Ward accreditation {n}")


class AuditSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditSection

    template = factory.SubFactory(AuditTemplateFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(lambda n: n)


class AuditQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditQuestion

    section = factory.SubFactory(AuditSectionFactory)
    text = factory.Sequence(lambda n: f"Question {n}")
    answer_type = AuditQuestion.AnswerType.YES_NO
    weight = 1
    order = factory.Sequence(lambda n: n)


def standard_levels() -> list[AccreditationLevel]:
    return [
        AccreditationLevel.objects.create(name="Bronze", min_score=70, order=1),
        AccreditationLevel.objects.create(name="Silver", min_score=80, order=2),
        AccreditationLevel.objects.create(name="Gold", min_score=90, order=3),
    ]
