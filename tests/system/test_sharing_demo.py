"""The demo's shared system metrics tell the truth: strata add up, the planted
deteriorations show, and what is not shared stays with its organisation."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.core.files.storage import default_storage

from qls.demo import steps as demo_steps
from qls.demo.build import build_demo
from qls.demo.system import sharing as demo_sharing
from qls.measurement.models import Level, MetricShare, Observation, Series
from qls.measurement.sharing import visible_series
from qls.organisation.models import Organisation
from tests.factories.accounts import UserFactory
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db

STEPS = {"system-risks", "system-sharing"}


@pytest.fixture
def built(db, monkeypatch):
    monkeypatch.setattr(demo_steps, "STEPS", demo_steps.only(*STEPS))
    build_demo(staff_count=120, log=lambda _: None)


def _whole(metric: str, org: str) -> Series:
    found = Series.objects.filter(metric__code=metric, stratum_dimension="")
    if org == demo_sharing.HOST:
        return found.get(level=Level.TRUST)
    return found.get(site__organisation__code=org)


def test_every_partner_returns_eighteen_months_of_its_measures(built):
    for spec in demo_sharing.METRICS:
        for org in spec.reporters:
            series = _whole(spec.code, org)
            assert series.observations.count() == demo_sharing.MONTHS, (spec.code, org)
            assert series.spc_computed_at is not None


def test_the_deprivation_quintiles_add_up_to_the_whole(built):
    for org in demo_sharing.IMD_SPLIT:
        whole = {
            o.period: (o.numerator, o.denominator)
            for o in _whole("ics-complaints", org).observations.all()
        }
        parts: dict = defaultdict(lambda: [0.0, 0.0])
        strata = Observation.objects.filter(
            series__metric__code="ics-complaints", series__stratum_dimension="imd_quintile",
            series__in=Series.objects.filter(
                level=_whole("ics-complaints", org).level,
                site=_whole("ics-complaints", org).site,
            ),
        )  # fmt: skip
        for o in strata:
            parts[o.period][0] += o.numerator
            parts[o.period][1] += o.denominator
        assert {p: tuple(v) for p, v in parts.items()} == whole


def test_the_two_planted_deteriorations_are_special_cause_concerns(built):
    for metric, org in demo_sharing.DETERIORATIONS:
        assert _whole(metric, org).variation_icon.startswith("special_cause_concern"), org


def test_what_is_not_shared_stays_with_its_organisation(built):
    pc1, pc2 = Organisation.objects.get(code="EEPC1"), Organisation.objects.get(code="EEPC2")
    outsider = StaffMemberFactory(user=UserFactory(), organisation=pc1, ward=None).user
    insider = StaffMemberFactory(user=UserFactory(), organisation=pc2, ward=None).user
    complaints = _whole("ics-complaints", "EEPC2")
    assert not visible_series(outsider).filter(pk=complaints.pk).exists()
    assert visible_series(insider).filter(pk=complaints.pk).exists()
    # The withdrawn share hides the council's vacancies; its reason is on record.
    withdrawn = MetricShare.objects.get(withdrawn_at__isnull=False)
    assert withdrawn.withdrawal_reason
    assert withdrawn.withdrawn_by
    vacancies = _whole("ics-vacancy-rate", withdrawn.organisation.code)
    assert not visible_series(outsider).filter(pk=vacancies.pk).exists()
    # Everything else the partners return is shared with the system.
    shared = _whole("ics-complaints", "EEMHC")
    assert visible_series(outsider).filter(pk=shared.pk).exists()


def test_every_share_rests_on_an_agreement_whose_document_is_stored(built):
    shares = list(MetricShare.objects.select_related("agreement", "approved_by"))
    assert len(shares) > 30
    for share in shares:
        assert default_storage.exists(share.agreement.document.name)
        assert share.approved_by is not None
    assert shares[0].agreement.document.name == demo_sharing.AGREEMENT_FILE
