from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from qls.accounts.models import User
from qls.accounts.roles import Role, sync_roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nhs.uk")
    password = factory.django.Password("correct-horse-battery-staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


PERSONAS = {
    "staff": [Role.STAFF],
    "lead": [Role.STAFF, Role.PROJECT_LEAD],
    "coach": [Role.STAFF, Role.QI_COACH],
    "improvement": [Role.STAFF, Role.IMPROVEMENT_TEAM],
    "analyst": [Role.STAFF, Role.DATA_ANALYST],
    "executive": [Role.STAFF, Role.EXECUTIVE],
    "admin": [Role.STAFF, Role.ADMIN],
    # The integrated care system's people (qls.system).
    "system": [Role.STAFF, Role.SYSTEM_QUALITY_LEAD],
    "partner": [Role.STAFF, Role.PARTNER_QUALITY_LEAD],
    "partneranalyst": [Role.STAFF, Role.PARTNER_ANALYST],
    "norole": [],
}


def persona_users(password: str) -> dict[str, User]:
    """Named people for permission tests, one per role (healthchecks-style)."""
    sync_roles()
    return {
        name: UserFactory(username=name, password=password, roles=roles)
        for name, roles in PERSONAS.items()
    }
