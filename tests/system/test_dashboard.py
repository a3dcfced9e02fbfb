"""The system dashboard: the matrix of shared metrics, one metric across the system,
tenancy through ``visible_series``, and the pooled system total."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.urls import reverse

from qls.measurement.models import Observation
from qls.measurement.sharing import withdraw_share
from qls.system.dashboard import pooling
from qls.system.dashboard.queries.matrix import matrix
from qls.system.dashboard.queries.panels import system_total
from qls.system.dashboard.queries.series import organisation_level
from tests.factories.organisation import OrganisationFactory
from tests.system.conftest import add_series, recompute, share

pytestmark = pytest.mark.django_db

HOME = reverse("system:index")


def metric_url(metric) -> str:
    return reverse("system:metric", args=[metric.code])


@pytest.fixture
def hospice(shared_world):
    """A fourth partner whose screening data nobody outside it may see until it shares."""
    org = OrganisationFactory(code="HOS", name="Saltmarsh Hospice")
    series = add_series(shared_world["screening"], org, seed=9)
    recompute(series)
    return org


# ------------------------------------------------------------------ who may


def test_anonymous_is_sent_to_log_in(client, shared_world):
    for url in (HOME, metric_url(shared_world["screening"])):
        assert client.get(url).status_code == 302


def test_an_account_without_a_system_role_is_refused(client, personas, shared_world):
    client.force_login(personas["staff"])
    assert client.get(metric_url(shared_world["screening"])).status_code == 403


def test_every_system_role_reads_the_dashboard_and_a_metric(client, personas, shared_world):
    for who in ("system", "partner", "partneranalyst"):
        client.force_login(personas[who])
        home = client.get(HOME)
        assert home.status_code == 200
        assert "Shared metrics across the system" in home.content.decode()
        assert "By escalation level" in home.content.decode()  # the risk counts stay
        assert client.get(metric_url(shared_world["screening"])).status_code == 200


# ------------------------------------------------------------------ the matrix


def test_the_matrix_has_a_row_per_organisation_and_a_column_per_shared_metric(
    personas, shared_world
):
    found = matrix(personas["system"])
    assert [m.code for m in found.metrics] == ["waits", "sepsis-screening"]
    names = [row.organisation.name for row in found.rows]
    # The mental health trust shares nothing: the system lead does not see it.
    assert names == ["Test Hospitals NHS Trust", "Community Health Partnership"]
    host_row = found.rows[0]
    assert host_row.cells[0] is None  # the host has no waits series
    cell = host_row.cells[1]
    assert cell.has_icons
    assert cell.url == metric_url(shared_world["screening"]) + "#org-TRUST"


def test_the_home_page_shows_the_icons_linking_to_the_metric(client, personas, shared_world):
    client.force_login(personas["system"])
    page = client.get(HOME).content.decode()
    assert f'href="{metric_url(shared_world["screening"])}#org-CHP"' in page
    assert "<svg" in page


@pytest.mark.parametrize("who", ["system", "partner", "partneranalyst"])
def test_the_home_page_leads_to_the_early_warnings_and_intelligence(
    client, personas, shared_world, who
):
    client.force_login(personas[who])
    page = client.get(HOME).content.decode()
    assert f'href="{reverse("system:early_warnings")}"' in page
    assert f'href="{reverse("system:intelligence_list")}"' in page


def test_a_partner_sees_its_own_unshared_data_in_the_matrix(personas, shared_world):
    found = matrix(personas["partner"])
    names = [row.organisation.name for row in found.rows]
    assert "Mind & Body Trust" in names


# ------------------------------------------------------------------ tenancy


def test_a_partner_does_not_see_another_partners_unshared_series(
    client, personas, shared_world, hospice
):
    client.force_login(personas["partner"])
    assert "Saltmarsh Hospice" not in client.get(HOME).content.decode()
    assert (
        "Saltmarsh Hospice"
        not in client.get(metric_url(shared_world["screening"])).content.decode()
    )


def test_a_partner_sees_another_partners_series_once_it_is_shared(
    client, personas, shared_world, hospice
):
    share(shared_world["screening"], hospice, personas["system"], shared_world["agreement"])
    client.force_login(personas["partner"])
    assert "Saltmarsh Hospice" in client.get(HOME).content.decode()
    page = client.get(metric_url(shared_world["screening"])).content.decode()
    assert 'id="org-HOS-card"' in page


def test_a_withdrawn_share_hides_the_series_again(client, personas, shared_world, hospice):
    made = share(shared_world["screening"], hospice, personas["system"], shared_world["agreement"])
    withdraw_share(made, by=personas["system"], reason="Agreement ended.")
    client.force_login(personas["partner"])
    assert (
        "Saltmarsh Hospice"
        not in client.get(metric_url(shared_world["screening"])).content.decode()
    )


def test_the_cached_metric_page_follows_a_share_made_and_withdrawn(
    client, personas, shared_world, hospice
):
    client.force_login(personas["partner"])
    url = metric_url(shared_world["screening"])
    assert 'id="org-HOS-card"' not in client.get(url).content.decode()
    assert 'id="org-HOS-card"' not in client.get(url).content.decode()  # from the cache
    made = share(shared_world["screening"], hospice, personas["system"], shared_world["agreement"])
    assert 'id="org-HOS-card"' in client.get(url).content.decode()
    withdraw_share(made, by=personas["system"], reason="Agreement ended.")
    assert 'id="org-HOS-card"' not in client.get(url).content.decode()


# ------------------------------------------------------------------ one metric


def test_each_organisation_has_a_chart_with_its_icons(client, personas, shared_world):
    client.force_login(personas["partner"])
    page = client.get(metric_url(shared_world["screening"])).content.decode()
    for code in ("TRUST", "MHT", "CHP"):
        assert f'id="org-{code}-card"' in page
    assert "Community Health Partnership (2 sites pooled)" in page
    assert page.count('class="qls-icons') >= 4  # three organisations and the total
    assert "cdn" not in page.lower()


def test_the_system_total_is_the_sum_of_the_organisations(personas, shared_world):
    """The invariant: each period's pooled figure is the sum of the numerators of
    every organisation the person may see over the sum of their denominators."""
    user = personas["system"]
    metric = shared_world["screening"]
    visible = list(organisation_level(user, [metric]).values_list("pk", flat=True))
    s = shared_world["series"]
    assert sorted(visible) == sorted([s["host"].pk, s["chp1"].pk, s["chp2"].pk])
    num: dict = defaultdict(float)
    den: dict = defaultdict(float)
    for o in Observation.objects.filter(series_id__in=visible):
        num[o.period] += o.numerator
        den[o.period] += o.denominator
    assert num  # not comparing two empty things
    total = system_total(user, metric)
    assert total is not None
    assert total.chart is not None
    shown = {row[0]: row[1] for row in total.chart.rows}
    assert set(shown) == set(num)
    for period, value in shown.items():
        assert value == pytest.approx(num[period] / den[period] * metric.multiplier)


def test_the_total_of_a_count_measure_is_the_sum_of_the_counts(personas, shared_world):
    from tests.factories.measurement import MetricFactory

    falls = MetricFactory(code="falls", name="Falls", frequency="month")  # a c chart
    trust, chp = shared_world["trust"], shared_world["chp"]
    a = add_series(falls, trust, level="trust", seed=11)
    b = add_series(falls, chp, seed=12)
    recompute(a, b)
    share(falls, trust, personas["system"], shared_world["agreement"])
    share(falls, chp, personas["system"], shared_world["agreement"])
    pooled = pooling.pool(falls, [a.pk, b.pk])
    by_period: dict = defaultdict(float)
    for o in Observation.objects.filter(series__in=[a, b]):
        by_period[o.period] += o.value
    assert pooled.values == [by_period[p] for p in pooled.periods]
    total = system_total(personas["system"], falls)
    assert [row[1] for row in total.chart.rows] == pytest.approx(pooled.values)


def test_an_xmr_measure_is_not_pooled(client, personas, shared_world):
    waits = shared_world["waits"]
    second_site = shared_world["series"]["chp2"].site
    recompute(add_series(waits, shared_world["chp"], site=second_site, seed=7))
    assert system_total(personas["system"], waits) is None
    client.force_login(personas["partner"])
    page = client.get(metric_url(waits)).content.decode()
    assert pooling.NOT_POOLED in page
    assert 'id="system-total"' not in page
    # A partner with two sites of a measure that cannot be pooled: a chart per site.
    assert page.count('<li id="org-CHP') == 2


def test_an_unknown_metric_is_not_found(client, personas, shared_world):
    client.force_login(personas["system"])
    assert client.get(reverse("system:metric", args=["no-such-metric"])).status_code == 404
