"""Factories for the system's learning records (factory_boy)."""

from __future__ import annotations

import datetime as dt

import factory

from qls.system.learning.models import SharedLearning, SystemPriority, WeSaidWeDid
from tests.factories.accounts import UserFactory
from tests.factories.organisation import OrganisationFactory


class EntryFactory(factory.django.DjangoModelFactory):
    """A draft "we said, we did" entry, heard by the partner that recorded it."""

    class Meta:
        model = WeSaidWeDid
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"What people told us {n}")
    we_said = "The clinic letters were hard to read."
    we_did = "Letters are now written in plain English."
    heard_on = dt.date(2026, 3, 2)
    ladder = "consulting"
    status = WeSaidWeDid.Status.DONE
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def heard_by(self, create, extracted, **kwargs):
        if create:
            self.heard_by.set(extracted or [self.organisation])


class SharedLearningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedLearning
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Learning {n}")
    summary = "Bay tagging at night reduced falls."
    source = SharedLearning.Source.THEME
    theme = "Falls at night"
    shared_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def recipients(self, create, extracted, **kwargs):
        if create and extracted:
            self.recipients.set(extracted)


class SystemPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemPriority

    title = factory.Sequence(lambda n: f"System priority {n}")
    description = "Agree the shared priorities every year."
    lead_organisation = factory.SubFactory(OrganisationFactory)
    step = "direction"
