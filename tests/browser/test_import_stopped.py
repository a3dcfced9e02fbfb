"""A data analyst watches an import whose worker died: the page stops polling
once the check fails it, says where it stopped, and offers to upload the file
again with the same metric chosen."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.measurement.importing.stale import fail_stale_imports
from qls.measurement.models import Import, ImportStatus
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_sees_a_stopped_import_and_uploads_it_again(
    page, personas, login, site_url, axe, tmp_path
):
    trust_structure()
    metric = MetricFactory(
        code="sepsis-screening", name="Sepsis screening", record_date_column="arrived"
    )
    stored = tmp_path / "upload.csv"
    stored.write_text("arrived,ward_code\n")
    silent_since = timezone.now() - dt.timedelta(hours=1)
    imp = Import.objects.create(
        kind="record",
        metric=metric,
        file_name="sepsis-audit.csv",
        file_path=str(stored),
        status=ImportStatus.RUNNING,
        progress=15,
        message="Checking and aggregating rows for sepsis-screening",
        started_at=silent_since,
        heartbeat_at=silent_since,
        created_by=personas["analyst"],
    )

    login(page, personas["analyst"])
    page.goto(site_url + imp.get_absolute_url())
    expect(page.locator("#import-progress-bar")).to_have_attribute("value", "15")
    axe(page, context="import running")

    assert fail_stale_imports() == [imp.pk]
    # htmx polls every second and swaps in the outcome, then stops polling.
    outcome = page.locator("#import-outcome")
    expect(outcome).to_contain_text("The import stopped responding at 15%", timeout=10_000)
    expect(page.locator("#import-progress")).not_to_have_attribute("hx-trigger", "every 1s")
    assert not stored.exists()
    axe(page, context="import stopped")

    page.get_by_role("link", name="Upload sepsis-audit.csv again").click()
    expect(page.get_by_role("radio", name="Record-level extract")).to_be_checked()
    expect(page.get_by_label("Metric (record-level extracts only)")).to_have_value(
        "sepsis-screening"
    )
    axe(page, context="import form again")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + imp.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "window.innerWidth"
    )
