"""The system by place: a locality's organisations and its pooled figures."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from qls.measurement.models import Observation
from qls.system.dashboard.models import Place
from qls.system.dashboard.queries.places import places
from qls.system.dashboard.queries.series import organisation_level
from tests.system.conftest import add_series, recompute

pytestmark = pytest.mark.django_db

PLACES = reverse("system:places")


@pytest.fixture
def place(shared_world):
    found = Place.objects.create(name="Chelmer Valley", description="The county town.")
    found.organisations.set([shared_world["trust"], shared_world["mh"], shared_world["chp"]])
    return found


def test_anonymous_is_sent_to_log_in(client, place):
    assert client.get(PLACES).status_code == 302


def test_an_account_without_a_system_role_is_refused(client, personas, place):
    client.force_login(personas["staff"])
    assert client.get(PLACES).status_code == 403


def test_every_system_role_reads_the_places(client, personas, place):
    for who in ("system", "partner", "partneranalyst"):
        client.force_login(personas[who])
        page = client.get(PLACES).content.decode()
        assert "Chelmer Valley" in page
        assert "Community Health Partnership" in page


def test_the_places_pooled_figure_is_the_sum_of_what_the_person_may_see(personas, place):
    view = places(personas["system"])[0]
    row = next(r for r in view.metrics if r.metric.code == "sepsis-screening")
    # The mental health trust shares nothing: the system lead's figure leaves it out.
    visible = organisation_level(personas["system"], [row.metric])
    latest = Observation.objects.filter(series__in=visible, period=row.total.period)
    assert latest.exists()
    num = sum(o.numerator for o in latest)
    den = sum(o.denominator for o in latest)
    assert row.total.value == pytest.approx(num / den * 100)
    assert row.total.contributors == 3  # the host and the partner's two sites


def test_a_measure_that_cannot_be_pooled_shows_each_organisation(client, personas, place):
    client.force_login(personas["partner"])
    page = client.get(PLACES).content.decode()
    assert "Not pooled: its values cannot be added across organisations." in page


def test_the_inequality_splits_are_shown_where_the_data_has_them(
    client, personas, shared_world, place
):
    metric = shared_world["screening"]
    made = [
        add_series(metric, shared_world["trust"], level="trust", seed=21,
                   dimension="imd_quintile", value="1"),
        add_series(metric, shared_world["trust"], level="trust", seed=22,
                   dimension="imd_quintile", value="5"),
        add_series(metric, shared_world["chp"], site=shared_world["series"]["chp1"].site,
                   seed=23, dimension="imd_quintile", value="1"),
    ]  # fmt: skip
    recompute(*made)
    view = places(personas["system"])[0]
    row = next(r for r in view.metrics if r.metric == metric)
    figures = row.splits["IMD quintile"]
    assert len(figures) == 2
    first = figures[0]
    latest = Observation.objects.filter(series__in=[made[0], made[2]], period=first.period)
    expected = sum(o.numerator for o in latest) / sum(o.denominator for o in latest) * 100
    assert first.value == pytest.approx(expected)
    client.force_login(personas["system"])
    assert "by imd quintile" in client.get(PLACES).content.decode()


def test_places_are_kept_in_the_admin():
    assert admin.site.is_registered(Place)
