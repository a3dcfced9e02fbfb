"""The early warnings page: filters by unit, domain, rule and date, 25 a page, and the
widening gaps between groups of patients, which agree with their inequality pages."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.measurement.split_data import build_splits
from tests.measurement.warning_data import build_warnings

pytestmark = pytest.mark.django_db

URL = "/data/early-warnings/"


@pytest.fixture
def many(reference_data):
    return build_warnings()


@pytest.fixture
def analyst(client, personas):
    client.force_login(personas["analyst"])
    return client


def _where(response) -> list[str]:
    return [w.where for w in response.context["page"].object_list]


def test_url_is_the_named_route():
    assert reverse("measurement:early_warnings") == URL


def test_twenty_five_a_page_with_the_count_of_all(analyst, many):
    first = analyst.get(URL)
    assert first.context["count"] == 33
    assert len(first.context["page"].object_list) == 25
    assert "<strong>33 early warnings</strong> at the trust" in first.content.decode()
    second = analyst.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 8
    # The Southend concerns are not at the latest point: they come last.
    assert _where(second)[-3:] == ["Ward SOU-W01", "Ward SOU-W02", "Ward SOU-W03"]


def test_filters_combine_and_page_links_keep_them(analyst, many):
    response = analyst.get(URL, {"unit": "BAS", "rule": "rule_shift"})
    assert response.status_code == 200
    assert response.context["count"] == 28
    html = response.content.decode()
    assert "<strong>28 early warnings</strong> match the filters" in html
    assert "?unit=BAS&amp;rule=rule_shift&amp;page=2" in html
    second = analyst.get(URL, {"unit": "BAS", "rule": "rule_shift", "page": 2})
    rows = second.context["page"].object_list
    assert len(rows) == 3
    assert all(w.rule_names == ["rule_shift"] and w.series.site.code == "BAS" for w in rows)


def test_domain_rule_date_and_ward_filters(analyst, many):
    experience = analyst.get(URL, {"domain": "positive-experience"})
    assert experience.context["count"] == 2
    assert {w.metric.code for w in experience.context["page"].object_list} == {"fft-positive"}
    assert analyst.get(URL, {"rule": "rule_astronomical"}).context["count"] == 2
    earlier = analyst.get(URL, {"rule": "earlier"})
    assert earlier.context["count"] == 3
    assert not any(w.latest for w in earlier.context["page"].object_list)
    # Since 1 May 2025: the experience signals (from June) and Southend's (July's point).
    since = analyst.get(URL, {"since": "2025-05-01"})
    assert since.context["count"] == 5
    ward = analyst.get(URL, {"since": "2025-05-01", "unit": "SOU-W02"})
    assert ward.context["scope"].ward.code == "SOU-W02"
    assert _where(ward) == ["Ward SOU-W02"]
    none = analyst.get(URL, {"domain": "well-led"})
    assert none.context["count"] == 0
    assert "No early warning matches these filters." in none.content.decode()


def test_bad_filters_are_named_and_show_nothing(analyst, many):
    bad_date = analyst.get(URL, {"since": "2025-02-30"})
    assert bad_date.status_code == 400
    html = bad_date.content.decode()
    assert "Signal since must be a real date, like 2025-01-31" in html
    assert "There is a problem" in html
    assert 'href="#id_since"' in html
    assert "early warnings</strong>" not in html
    bad_unit = analyst.get(URL, {"unit": "NOPE"})
    assert bad_unit.status_code == 400
    assert "Where: choose one of the options in the list" in bad_unit.content.decode()
    assert analyst.get(URL, {"rule": "rule_made_up"}).status_code == 400


def test_dashboard_links_with_a_level_still_work(analyst, many):
    assert analyst.get(URL, {"level": "site", "unit": "SOU"}).context["count"] == 3
    assert analyst.get(URL, {"level": "site", "unit": "NOPE"}).status_code == 404


def test_widening_gap_is_listed_and_agrees_with_its_inequality_page(analyst, reference_data):
    build_splits()  # readmissions: the most deprived fall further behind over eight months
    response = analyst.get(URL)
    gaps = [w for w in response.context["page"].object_list if w.kind == "gap"]
    titles = {(w.title, w.where) for w in gaps}
    title = "Gap widening: Emergency readmissions within 30 days, most vs least deprived"
    assert (title, "Trust") in titles
    assert (title, "Basildon Hospital") in titles
    assert "Inequality</strong>" in response.content.decode()
    for w in gaps:
        page = analyst.get(w.url)
        assert page.status_code == 200
        # The page shows the same gap, as special cause concern ...
        assert page.context["gap"]["icons"]["variation_label"].startswith(
            "Special cause variation \u2013 concern"
        )
        # ... ending at the same period and value the list shows.
        query = urlsplit(w.url).query
        download = analyst.get(
            reverse("measurement:inequality_download", args=["readmissions-30d", "gap", "csv"])
            + f"?{query}"
        )
        last = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))[-1]
        assert last[0] == w.latest_period.isoformat()
        assert float(last[3]) == pytest.approx(w.latest_value, abs=1e-4)
    # Conversely: the trust's deprivation gap page shows concern, and it is in the list.
    default = analyst.get(reverse("measurement:inequalities", args=["readmissions-30d"]))
    assert "concern" in default.context["gap"]["icons"]["variation_label"]
    assert any(w.where == "Trust" and w.title == title for w in gaps)
    # A widening gap is an equity matter: the Equitable filter keeps it.
    equitable = analyst.get(URL, {"domain": "equitable"})
    assert {w.kind for w in equitable.context["page"].object_list} == {"gap"}
    # The trust dashboard counts the same warnings as the list.
    dashboard = analyst.get(reverse("measurement:index"))
    assert f"{response.context['count']} measures or gaps" in dashboard.content.decode()
