"""Tenancy in the measurement pages and API: a partner sees its own organisation's
series and what others share, and nothing else, whatever its role.

Another organisation's unshared series is not found (404) by its page, its
chart, table and downloads, and by every API read, exactly as a missing one
is; it appears once its organisation shares the metric and disappears again
when the share is withdrawn.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.measurement.models import Level, Series
from qls.measurement.sharing import share_metric, visible_series, withdraw_share
from tests.measurement.api_data import bearer
from tests.measurement.tenancy_data import build

pytestmark = pytest.mark.django_db

# Every role a partner's person may hold, each tried as a person of MHT.
ROLES = ["partner", "partneranalyst", "system", "staff"]


@pytest.fixture
def world(personas):
    return build(personas)


def page_urls(series) -> list[str]:
    """Every page that opens one series, by its unit or by its id."""
    urls = [
        reverse("measurement:series_chart", args=[series.pk]),
        reverse("measurement:series_table", args=[series.pk]),
        reverse("measurement:series_download", args=[series.pk, "csv"]),
    ]
    if series.level == Level.SITE:
        urls.append(reverse("measurement:series_site", args=["falls", series.site.code]))
    elif series.level == Level.TRUST:
        urls.append(reverse("measurement:series_trust", args=["falls"]))
    return urls


def api_urls(series) -> list[str]:
    return [
        f"/api/series/{series.pk}",
        f"/api/series/{series.pk}/spc",
        f"/api/series/{series.pk}/observations",
    ]


def statuses(client, person, series) -> dict[str, int]:
    """The answer of every page (signed in) and API read (by token) of the series."""
    client.force_login(person)
    found = {url: client.get(url).status_code for url in page_urls(series)}
    headers = bearer(person)
    found.update({url: client.get(url, headers=headers).status_code for url in api_urls(series)})
    return found


def listed_by_api(client, person) -> tuple[set[int], set[str]]:
    """The series ids the series list gives, and the sites the flat observations name."""
    headers = bearer(person)
    series = client.get("/api/series?limit=100", headers=headers).json()["items"]
    flat = client.get("/api/observations?limit=1000", headers=headers).json()["items"]
    return {row["id"] for row in series}, {row["site"] for row in flat}


@pytest.mark.parametrize("who", ROLES)
def test_another_partners_unshared_series_is_not_found(client, world, personas, who):
    eem = world["series"]["eem"]
    found = statuses(client, personas[who], eem)
    assert set(found.values()) == {404}, found
    ids, sites = listed_by_api(client, personas[who])
    assert eem.pk not in ids
    assert "EEMHC-01" not in sites
    # The site's unit page shows nothing of it either.
    client.force_login(personas[who])
    response = client.get(reverse("measurement:site_dashboard", args=["EEMHC-01"]))
    assert response.status_code == 200
    assert response.context["groups"] == {}


@pytest.mark.parametrize("who", ROLES)
def test_a_shared_metric_is_seen_until_the_share_is_withdrawn(client, world, personas, who):
    eem = world["series"]["eem"]
    share = share_metric(
        metric=world["metric"],
        organisation=world["eem"],
        agreement=world["agreement"],
        approved_by=personas["admin"],
    )
    assert set(statuses(client, personas[who], eem).values()) == {200}
    ids, sites = listed_by_api(client, personas[who])
    assert eem.pk in ids
    assert "EEMHC-01" in sites
    client.force_login(personas[who])
    trust_page = client.get(reverse("measurement:index"))
    assert "EEMHC-01" in {site.code for site in trust_page.context["children"]}

    withdraw_share(share, by=personas["admin"], reason="The agreement ended.")
    assert set(statuses(client, personas[who], eem).values()) == {404}
    ids, sites = listed_by_api(client, personas[who])
    assert eem.pk not in ids
    assert "EEMHC-01" not in sites
    client.force_login(personas[who])
    trust_page = client.get(reverse("measurement:index"))
    assert "EEMHC-01" not in {site.code for site in trust_page.context["children"]}


@pytest.mark.parametrize("who", ROLES)
def test_own_organisations_series_is_always_seen(client, world, personas, who):
    own = world["series"]["mht"]
    assert set(statuses(client, personas[who], own).values()) == {200}
    ids, sites = listed_by_api(client, personas[who])
    assert own.pk in ids
    assert sites == {"MHT-01"}
    client.force_login(personas[who])
    site = client.get(reverse("measurement:site_dashboard", args=["MHT-01"]))
    cards = [card for cards in site.context["groups"].values() for card in cards]
    assert [card["series"].pk for card in cards] == [own.pk]


def test_the_host_trusts_series_are_the_host_trusts_to_share(client, world, personas):
    """A partner sees the trust's own figures only once the host trust shares the metric."""
    partner, trust = personas["partner"], world["series"]["trust"]
    assert set(statuses(client, partner, trust).values()) == {404}
    client.force_login(partner)
    assert client.get(reverse("measurement:index")).context["groups"] == {}
    share_metric(
        metric=world["metric"],
        organisation=world["trust"],
        agreement=world["agreement"],
        approved_by=personas["admin"],
    )
    assert set(statuses(client, partner, trust).values()) == {200}
    # The host trust's wards are the host trust's too: shared with the metric.
    assert world["series"]["host_ward"] in visible_series(partner)
    client.force_login(partner)
    cards = client.get(reverse("measurement:index")).context["groups"]
    assert [c["series"].pk for group in cards.values() for c in group] == [trust.pk]


def test_host_staff_see_the_host_trusts_series_and_no_unshared_partner_data(
    client, world, personas
):
    staff = personas["executive"]  # no staff record: the host trust's person
    series = world["series"]
    assert set(statuses(client, staff, series["trust"]).values()) == {200}
    assert set(statuses(client, staff, series["host_ward"]).values()) == {200}
    assert set(statuses(client, staff, series["mht"]).values()) == {404}
    assert set(visible_series(staff)) == {series["trust"], series["host_ward"]}
    client.force_login(staff)
    # The trust's sites with site-level data: the partners' are not among them.
    children = client.get(reverse("measurement:index")).context["children"]
    assert not {site.code for site in children} & {"MHT-01", "EEMHC-01"}


def test_an_unknown_series_and_an_unshared_one_answer_alike(client, world, personas):
    """The 404 says nothing about whether the series exists."""
    headers = bearer(personas["partner"])
    eem = world["series"]["eem"]
    missing = max(s.pk for s in world["series"].values()) + 1000
    hidden = client.get(f"/api/series/{eem.pk}", headers=headers)
    unknown = client.get(f"/api/series/{missing}", headers=headers)
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json()["detail"].replace(str(eem.pk), "N") == unknown.json()["detail"].replace(
        str(missing), "N"
    )


def test_inequalities_and_comparisons_list_only_what_may_be_seen(client, world, personas):
    """The pages that gather many series (splits, ward comparison, a matrix cell) too."""
    eem = world["series"]["eem"]
    Series.objects.create(
        metric=world["metric"],
        level=Level.SITE,
        site=eem.site,
        stratum_dimension="sex",
        stratum_value="Female",
    )
    Series.objects.filter(pk=eem.pk).update(variation_icon="common_cause")
    client.force_login(personas["partner"])
    index = reverse("measurement:inequality_index")
    cell = reverse("measurement:series_list") + "?level=site&unit=EEMHC-01&variation=common"
    assert client.get(index).context["items"] == []
    assert client.get(cell).context["rows"] == []
    share_metric(
        metric=world["metric"],
        organisation=world["eem"],
        agreement=world["agreement"],
        approved_by=personas["admin"],
    )
    items = client.get(index).context["items"]
    assert [name for name, _url in items[0]["units"]] == ["Estuary House"]
    assert [row["series"].pk for row in client.get(cell).context["rows"]] == [eem.pk]
