"""Factories for the celebration of improvement (factory_boy)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qls.community.celebrations.models import (
    AwardCategory,
    CelebrationEvent,
    Judge,
    Submission,
)
from tests.factories.organisation import StaffMemberFactory
from tests.factories.projects import ProjectFactory


def _today() -> dt.date:
    return timezone.localdate()


class EventFactory(factory.django.DjangoModelFactory):
    """An upcoming event, open for submissions today."""

    class Meta:
        model = CelebrationEvent

    name = factory.Sequence(lambda n: f"Celebration of improvement {2030 + n}")
    date = factory.LazyFunction(lambda: _today() + dt.timedelta(days=60))
    venue = "Education centre, main site"
    capacity = 100
    submissions_open = factory.LazyFunction(lambda: _today() - dt.timedelta(days=10))
    submissions_close = factory.LazyFunction(lambda: _today() + dt.timedelta(days=20))


class AwardCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardCategory

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Award {n}")


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judge

    event = factory.SubFactory(EventFactory)
    staff = factory.SubFactory(StaffMemberFactory)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    event = factory.SubFactory(EventFactory)
    project = factory.SubFactory(ProjectFactory)
    abstract = "We tested intentional rounding on nights and falls came down."
    presenter = factory.SubFactory(StaffMemberFactory)
