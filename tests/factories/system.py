"""Factories for the quality risk register (factory_boy)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

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
