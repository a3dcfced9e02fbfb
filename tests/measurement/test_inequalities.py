"""The inequality page: strata small multiples, grouped ethnicity, the deprivation gap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.measurement import inequalities as ineq
from qls.measurement.gaps import proportion_gap
from qls.measurement.models import Observation
from tests.measurement.dashboard_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust(reference_data):
    return build()


def test_page_shows_gap_with_intervals_and_every_dimension(client, personas, trust):
    client.force_login(personas["staff"])
    response = client.get(reverse("measurement:inequalities", args=["sepsis-screening"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert [s["heading"] for s in response.context["sections"]] == [
        "Deprivation (IMD quintile)",
        "Ethnic group",
        "Age band",
        "Sex",
    ]
    ethnic = response.context["sections"][1]["cards"]
    assert [c["label"] for c in ethnic] == [
        "White",
        "Asian or Asian British",
        "Black or Black British",
        "Not stated",
    ]
    gap = response.context["gap"]
    assert [row["label"] for row in gap["summaries"]] == ["Latest year", "Year before"]
    assert "percentage points" in gap["summaries"][0]["difference"]
    assert "Gap between the most and least deprived" in html
    assert 'id="gap-chart"' in html
    # The gap widened over the last eight months: special cause concern on the gap chart.
    assert gap["icons"]["variation_label"].startswith("Special cause variation \u2013 concern")


def test_unit_choice_and_unknown_unit(client, personas, trust):
    client.force_login(personas["staff"])
    url = reverse("measurement:inequalities", args=["sepsis-screening"])
    response = client.get(url + "?unit=BAS")
    assert response.status_code == 200
    assert response.context["scope"].name == "Basildon Hospital"
    assert [code for code, _ in response.context["units"]] == ["", "BAS"]
    assert client.get(url + "?unit=NOPE").status_code == 404


def test_metric_without_strata_says_so(client, personas, trust):
    client.force_login(personas["staff"])
    response = client.get(reverse("measurement:inequalities", args=["falls"]))
    assert response.status_code == 200
    assert "has no data split by patient groups" in response.content.decode()


def test_gap_matches_the_statistics_module_on_pooled_counts(trust):
    sepsis = trust["sepsis"]
    strata = ineq.strata(sepsis, "trust", None)
    analysis = ineq.deprivation_gap(sepsis, strata["imd_quintile"])
    assert analysis is not None
    q1 = trust["series"]["sepsis-trust-imd_quintile-1"]
    q5 = trust["series"]["sepsis-trust-imd_quintile-5"]
    last = analysis.periods[-12:]
    sums = []
    for s in (q1, q5):
        rows = Observation.objects.filter(series=s, period__in=last)
        sums += [sum(r.numerator for r in rows), sum(r.denominator for r in rows)]
    expected = proportion_gap(*sums)
    latest = analysis.summaries[0].gap
    assert latest.difference == pytest.approx(expected.difference * 100)
    assert latest.difference_low == pytest.approx(expected.difference_low * 100)
    assert latest.ratio_high == pytest.approx(expected.ratio_high)
    assert latest.difference < 0  # the most deprived are screened less


def test_ethnic_categories_add_up_into_their_groups(trust):
    sepsis = trust["sepsis"]
    strata = ineq.strata(sepsis, "trust", None)
    grouped = ineq.grouped_ethnicity(sepsis, strata["ethnic_group"])
    assert grouped.groups == [
        "White",
        "Asian or Asian British",
        "Black or Black British",
        "Not stated",
    ]
    assert grouped.members["White"] == ["British", "Any other White background"]
    a = trust["series"]["sepsis-trust-ethnic_group-A"]
    c = trust["series"]["sepsis-trust-ethnic_group-C"]
    first = (
        Observation.objects.filter(series__in=[a, c])
        .order_by("period")
        .values_list("period", "numerator", "denominator")
    )
    period = first[0][0]
    num = sum(n for p, n, _d in first if p == period)
    den = sum(d for p, _n, d in first if p == period)
    rows = ineq.grouped_rows(grouped, "White")
    assert rows[0]["x"] == period
    assert rows[0]["y"] == pytest.approx(num / den * 100)


def test_stratum_labels():
    assert ineq.stratum_label("imd_quintile", "1") == "IMD quintile 1 (most deprived)"
    assert ineq.stratum_label("ethnic_group", "N") == "Black or Black British: African"
    assert ineq.stratum_label("sex", "F") == "Female"
    assert ineq.stratum_label("age_band", "85+") == "Age 85+"


def test_gap_and_group_downloads(client, personas, trust):
    client.force_login(personas["staff"])
    gap = client.get(
        reverse("measurement:inequality_download", args=["sepsis-screening", "gap", "csv"])
    )
    assert gap.status_code == 200
    text = gap.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Period,IMD quintile 1 (most deprived)")
    assert len(text.splitlines()) == 1 + 24
    svg = client.get(
        reverse("measurement:inequality_download", args=["sepsis-screening", "ethnic-0", "svg"])
        + "?unit=BAS"
    )
    assert svg["Content-Type"] == "image/svg+xml"
    bad = client.get(
        reverse("measurement:inequality_download", args=["sepsis-screening", "ethnic-9", "csv"])
    )
    assert bad.status_code == 404
