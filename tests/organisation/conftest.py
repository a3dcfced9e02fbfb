from __future__ import annotations

import pytest

from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory


@pytest.fixture
def trust(db):
    """A host trust with two sites and three wards, named like the demo."""
    host = OrganisationFactory(host=True)
    bas = SiteFactory(organisation=host, code="BAS", name="Basildon Hospital")
    sou = SiteFactory(organisation=host, code="SOU", name="Southend Hospital")
    WardFactory(site=bas, code="BAS-W01", name="Kingfisher Ward")
    WardFactory(site=bas, code="BAS-W02", name="Heron Ward")
    WardFactory(site=sou, code="SOU-W01", name="Bluebell Ward")
    OrganisationFactory(code="ICB1", name="Test ICB", kind="icb")
    return host


@pytest.fixture(autouse=True)
def _organisation_demo_steps_only(demo_steps_up_to):
    # The organisation's own steps (structure, staff, log-ins); later areas test theirs.
    demo_steps_up_to("logins")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    # Staff uploads wait under MEDIA_ROOT for their job.
    settings.MEDIA_ROOT = tmp_path / "media"
