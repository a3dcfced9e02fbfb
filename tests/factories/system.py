"""Factories for the quality risk register and its meetings (factory_boy)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.models import QualityRisk, RiskAction
from tests.factories.accounts import UserFactory
from tests.factories.organisation import OrganisationFactory, StaffMemberFactory


class QualityRiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityRisk
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Quality risk {n}")
    description = "Falls with harm are rising on the older people's wards."
    owner = factory.SubFactory(
        StaffMemberFactory, organisation=factory.SelfAttribute("..organisation"), ward=None
    )
    controls = "Bay tagging at night."
    likelihood = 3
    consequence = 4
    review_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    raised_by = factory.SubFactory(UserFactory)


class RiskActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAction

    risk = factory.SubFactory(QualityRiskFactory)
    description = "Audit a month of falls"
    owner = factory.SelfAttribute("risk.owner")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"System Quality Group {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    venue = "Board room, integrated care board"
    chair = factory.SubFactory(StaffMemberFactory, ward=None)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def members(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.members.set([self.chair, *(extracted or [])])


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = AgendaItem.Kind.REVIEW
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class MeetingActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAction

    item = factory.SubFactory(AgendaItemFactory)
    description = "Share the recovery trajectory with every partner"
    owner = factory.SubFactory(StaffMemberFactory, ward=None)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
