"""The system every oversight test stands on: the host trust, a mental health
trust where the `partner` and `partneranalyst` personas work, and the
integrated care board of the `system` persona (the system quality lead)."""

from __future__ import annotations

import pytest

from tests.factories.organisation import OrganisationFactory, StaffMemberFactory

NHS_NUMBER = "943 476 5919"  # a valid check digit


@pytest.fixture
def partners(personas) -> dict:
    trust = OrganisationFactory(host=True)
    mental_health = OrganisationFactory(code="MHT", name="Mind & Body Trust")
    icb = OrganisationFactory(code="ICB", name="The Integrated Care Board")
    staff = {
        name: StaffMemberFactory(user=personas[name], organisation=mental_health, ward=None)
        for name in ("partner", "partneranalyst")
    }
    staff["system"] = StaffMemberFactory(user=personas["system"], organisation=icb, ward=None)
    return {"trust": trust, "mh": mental_health, "icb": icb, "staff": staff}
