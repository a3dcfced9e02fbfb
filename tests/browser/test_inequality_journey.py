"""An analyst filters the early warnings by site and rule, pages on, opens a widening gap,
and compares other groups: accessible at each step and narrow enough for a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qls.measurement.dashboards.early_warnings import early_warnings
from qls.measurement.dashboards.filters import RULE_CHOICES
from qls.measurement.dashboards.scope import Scope
from tests.factories.organisation import WardFactory
from tests.measurement.split_data import build_splits
from tests.measurement.warning_data import cached_concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GAP = "Gap widening: Emergency readmissions within 30 days, most vs least deprived"


@pytest.fixture
def trust(reference_data):
    made = build_splits()
    site = made["site"]
    gap = next(w for w in early_warnings(Scope.find("site", "BAS"), gaps=True) if w.kind == "gap")
    rule = gap.rule_names[0] if gap.rule_names else "earlier"
    # 26 more wards with the same kind of signal: two pages of warnings at Basildon.
    for i in range(26):
        ward = WardFactory(site=site, code=f"BAS-X{i:02d}", name=f"Ward X{i:02d}")
        cached_concern(
            made["readmissions"], ward, rule="" if rule == "earlier" else rule, since="2024-09-02",
            latest=gap.latest_period, latest_point=rule != "earlier",
        )  # fmt: skip
    made["rule"] = rule
    return made


def test_analyst_filters_warnings_opens_a_widening_gap_and_compares_groups(
    page, personas, trust, login, site_url, axe
):
    login(page, personas["analyst"])
    page.goto(site_url + "/data/early-warnings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Early warnings: Trust")
    axe(page, context="early warnings")

    rule_label = dict(RULE_CHOICES).get(
        trust["rule"], "Earlier concern point among the latest three"
    )
    page.get_by_label("Where").select_option(label="Basildon Hospital")
    page.get_by_label("Rule").select_option(label=rule_label)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Early warnings: Basildon Hospital")
    count = page.locator("#warning-count")
    expect(count).to_contain_text(re.compile(r"\d+ early warnings match the filters"))
    total = int(re.match(r"\s*(\d+)", count.inner_text()).group(1))
    assert total > 25
    expect(count).to_contain_text("showing 1 to 25")
    expect(page.get_by_label("Where")).to_have_value("BAS")
    axe(page, context="early warnings filtered")

    page.get_by_role("link", name=re.compile("Next")).click()
    expect(count).to_contain_text(f"showing 26 to {total}")
    expect(page.get_by_label("Rule")).to_have_value(trust["rule"])
    axe(page, context="early warnings, page 2")
    page.get_by_role("link", name=re.compile("Previous")).click()
    expect(count).to_contain_text("showing 1 to 25")

    page.get_by_role("link", name=f"{GAP} at Basildon Hospital").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Emergency readmissions within 30 days"
    )
    expect(page.get_by_text("Health inequalities · Basildon Hospital")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Gap between the most and least deprived")
    ).to_be_visible()
    expect(page.locator(".qls-icons").first).to_contain_text("concern")
    axe(page, context="deprivation gap")

    page.get_by_role("navigation", name="Split the gap by").get_by_role(
        "link", name="Ethnic group"
    ).click()
    expect(page.get_by_role("heading", name="Gap between groups: Ethnic group")).to_be_visible()
    expect(page.get_by_label("Compared with (reference group)")).to_have_value("White")
    axe(page, context="ethnic group gap")

    page.get_by_label("Compared with (reference group)").select_option(
        label="Asian or Asian British"
    )
    page.get_by_label("Group", exact=True).select_option(label="White")
    page.get_by_role("button", name="Compare").click()
    table = page.get_by_role("table").filter(has_text="The gap, pooled over each year")
    expect(table.get_by_role("columnheader", name="Asian or Asian British")).to_be_visible()
    expect(table.get_by_role("columnheader", name="White", exact=True)).to_be_visible()
    expect(page.get_by_text("not available")).to_have_count(0)
    axe(page, context="ethnic group gap, chosen reference")

    page.get_by_role("link", name="Health inequalities").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Health inequalities")
    axe(page, context="inequality index")
