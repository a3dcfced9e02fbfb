"""Factories for the organisation structure (factory_boy)."""

from __future__ import annotations

import factory

from qls.organisation.models import (
    Organisation,
    Site,
    Specialty,
    StaffGroup,
    StaffMember,
    StrategicAim,
    Ward,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n:03d}")
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = Organisation.Kind.OTHER
    is_host = False

    class Params:
        host = factory.Trait(
            code="TRUST",
            name="Test Hospitals NHS Trust",
            kind=Organisation.Kind.TRUST,
            is_host=True,
        )


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("code",)

    organisation = factory.SubFactory(OrganisationFactory, host=True)
    code = factory.Sequence(lambda n: f"S{n:02d}")
    name = factory.LazyAttribute(lambda s: f"{s.code} Hospital")
    town = "Testtown"


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{300 + n}")
    name = factory.Sequence(lambda n: f"Specialty {n}")


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"W{n:03d}")
    name = factory.LazyAttribute(lambda w: f"Ward {w.code}")
    kind = Ward.Kind.WARD
    specialty = factory.SubFactory(SpecialtyFactory)
    beds = 24
    in_programme = True


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    staff_number = factory.Sequence(lambda n: f"{10000000 + n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(
        lambda m: f"{m.first_name}.{m.last_name}{m.staff_number}@example.nhs.uk".lower()
    )
    ward = factory.SubFactory(WardFactory)
    site = factory.LazyAttribute(lambda m: m.ward.site if m.ward else None)
    organisation = factory.LazyAttribute(
        lambda m: m.site.organisation if m.site else OrganisationFactory(host=True)
    )
    staff_group = StaffGroup.NURSING_MIDWIFERY
    job_role = "Staff Nurse"
    band = "Band 5"


class StrategicAimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicAim
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 10)
    title = factory.Sequence(lambda n: f"Aim {n}")
