"""Gaps for every split (deprivation, ethnic group, age band, sex) against a chosen reference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.measurement import inequalities as ineq
from qls.measurement.gaps import proportion_gap
from qls.measurement.models import Observation
from tests.measurement.split_data import MONTHS, build_splits

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust(reference_data):
    return build_splits()


def _groups(made, dimension, level="trust", site=None):
    metric = made["readmissions"]
    items = ineq.strata(metric, level, site.pk if site else None)[dimension]
    return metric, ineq.split_groups(metric, dimension, items)


def _total(made, level="trust"):
    rows = Observation.objects.filter(series=made["series"][f"readmissions-{level}"])
    return {r.period: (r.numerator, r.denominator) for r in rows}


@pytest.mark.parametrize("dimension", ["imd_quintile", "ethnic_group", "age_band", "sex"])
def test_each_split_adds_up_to_the_total_and_gaps_match_the_statistics(trust, dimension):
    metric, groups = _groups(trust, dimension)
    total = _total(trust)
    assert groups
    assert len(total) == len(MONTHS)
    for period, (num, den) in total.items():
        assert sum(g.rows[period][2] for g in groups) == den
        assert sum(g.rows[period][1] for g in groups) == num
    assert ineq.unaccounted(metric, "trust", None, groups) == []
    reference = ineq.default_reference(dimension, groups)
    focus = ineq.default_focus(metric, dimension, groups, reference)
    analysis = ineq.gap_between(metric, focus, reference)
    assert analysis is not None
    # The latest year's gap is the statistics module's on the pooled counts (a plain loop).
    last = MONTHS[-12:]
    sums = []
    for g in (focus, reference):
        sums += [sum(g.rows[p][1] for p in last), sum(g.rows[p][2] for p in last)]
    expected = proportion_gap(*sums)
    latest = analysis.summaries[0].gap
    assert latest.difference == pytest.approx(expected.difference * 100)
    assert latest.difference_low == pytest.approx(expected.difference_low * 100)
    assert latest.ratio == pytest.approx(expected.ratio)
    # Per period: the gap of each month is the two groups' rates apart.
    first = MONTHS[0]
    rate = [g.rows[first][1] / g.rows[first][2] * 100 for g in (focus, reference)]
    assert float(analysis.per_period.difference[0]) == pytest.approx(rate[0] - rate[1])


def test_defaults_least_deprived_largest_group_and_the_group_furthest_behind(trust):
    metric, imd = _groups(trust, "imd_quintile")
    ref = ineq.default_reference("imd_quintile", imd)
    assert (ref.key, ineq.default_focus(metric, "imd_quintile", imd, ref).key) == ("5", "1")
    _m, ethnic = _groups(trust, "ethnic_group")
    assert [g.key for g in ethnic] == [
        "White",
        "Asian or Asian British",
        "Black or Black British",
        "Not stated",
    ]
    ref = ineq.default_reference("ethnic_group", ethnic)
    assert ref.key == "White"  # categories A and C summed: the largest group
    # Readmissions are worse higher up: Black or Black British are furthest behind.
    assert ineq.default_focus(metric, "ethnic_group", ethnic, ref).key == "Black or Black British"
    _m, age = _groups(trust, "age_band")
    ref = ineq.default_reference("age_band", age)
    assert ref.key == "45-64"
    assert ineq.default_focus(metric, "age_band", age, ref).key == "85+"


def test_groups_that_do_not_add_up_to_the_total_are_reported(trust):
    metric, groups = _groups(trust, "sex")
    extra = trust["series"]["readmissions-trust-sex-F"]
    row = Observation.objects.filter(series=extra).order_by("period").first()
    row.denominator += 1
    row.save()
    _m, groups = _groups(trust, "sex")
    wrong = ineq.unaccounted(metric, "trust", None, groups)
    assert [(p, parts - whole) for p, parts, whole in wrong] == [(MONTHS[0], 1.0)]


def test_plain_value_gap_has_process_limits_not_intervals(client, personas, trust):
    client.force_login(personas["analyst"])
    url = reverse("measurement:inequalities", args=["length-of-stay"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    gap = response.context["gap"]
    assert gap["kind"] == "value"
    assert (gap["focus"], gap["reference"]) == ("Male", "Female")  # men stay longer
    assert "not available" not in html
    assert "95% CI" not in html
    assert "Process limits of the gap" in html
    low, high = float(gap["limits"]["low"]), float(gap["limits"]["high"])
    assert low < float(gap["limits"]["mean"]) < high
    download = client.get(
        reverse("measurement:inequality_download", args=["length-of-stay", "gap", "csv"])
    )
    header = download.content.decode("utf-8-sig").splitlines()[0]
    assert header == (
        "Period,Male,Female,Gap (group minus reference),Ratio (group / reference),"
        "Variation of the gap"
    )


def test_analyst_chooses_the_split_and_the_reference_group(client, personas, trust):
    client.force_login(personas["analyst"])
    url = reverse("measurement:inequalities", args=["readmissions-30d"])
    first = client.get(url)
    assert first.context["choice"].dimension == "imd_quintile"
    assert "Gap between the most and least deprived" in first.content.decode()
    links = [link["url"] for link in first.context["split_links"]]
    assert links == [f"?split={d}#gap" for d in ("imd_quintile", "ethnic_group", "age_band", "sex")]

    ethnic = client.get(url, {"split": "ethnic_group"})
    gap = ethnic.context["gap"]
    assert (gap["focus"], gap["reference"]) == ("Black or Black British", "White")
    chosen = client.get(
        url, {"split": "ethnic_group", "ref": "Asian or Asian British", "group": "White"}
    )
    gap = chosen.context["gap"]
    assert (gap["focus"], gap["reference"]) == ("White", "Asian or Asian British")
    assert "Gap between groups: Ethnic group" in chosen.content.decode()
    # The download follows the same choice.
    csv = client.get(
        reverse("measurement:inequality_download", args=["readmissions-30d", "gap", "csv"]),
        {"split": "ethnic_group", "ref": "Asian or Asian British", "group": "White"},
    )
    assert csv.content.decode("utf-8-sig").startswith("Period,White,Asian or Asian British,")

    same = client.get(url, {"split": "sex", "ref": "M", "group": "M"})
    assert "cannot be compared with itself" in same.content.decode()
    assert same.context["gap"]["focus"] == "Female"
    assert client.get(url, {"split": "religion"}).status_code == 404
    assert client.get(url, {"split": "sex", "ref": "X"}).status_code == 404


def test_index_lists_metrics_with_splits_and_where(client, personas, trust):
    client.force_login(personas["executive"])
    response = client.get(reverse("measurement:inequality_index"))
    assert response.status_code == 200
    items = {i["metric"].code: i for i in response.context["items"]}
    assert set(items) == {"readmissions-30d", "length-of-stay"}
    assert items["readmissions-30d"]["splits"] == [
        "Deprivation (IMD quintile)",
        "Ethnic group",
        "Age band",
        "Sex",
    ]
    assert [name for name, _url in items["readmissions-30d"]["units"]] == [
        "Trust",
        "Basildon Hospital",
    ]
    assert items["length-of-stay"]["splits"] == ["Sex"]


def test_dashboard_charts_with_a_split_link_to_their_inequality_page(client, personas, trust):
    client.force_login(personas["staff"])
    html = client.get(reverse("measurement:index")).content.decode()
    assert reverse("measurement:inequalities", args=["readmissions-30d"]) + '"' in html
    assert reverse("measurement:inequalities", args=["length-of-stay"]) + '"' in html
    assert reverse("measurement:inequality_index") in html
    site = client.get(reverse("measurement:site_dashboard", args=["BAS"])).content.decode()
    assert reverse("measurement:inequalities", args=["readmissions-30d"]) + "?unit=BAS" in site
