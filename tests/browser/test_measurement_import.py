"""A data analyst defines a metric and imports a record-level extract,
watching the progress bar; a ward nurse finds a data set in the catalogue."""

import re

import pytest
from playwright.sync_api import expect

from qls.measurement import tasks
from qls.measurement.importing import run_import
from qls.measurement.models import DatasetField, Import, Metric, Observation
from tests.factories.measurement import DatasetFactory, trust_structure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTRACT = (
    "arrived,ward_code,eligible,screened,imd\n"
    "2024-01-03,W1,Y,Y,1\n2024-01-09,W1,Y,N,2\n2024-01-15,W2,Y,Y,1\n"
    "2024-02-02,W3,Y,Y,5\n2024-02-20,W3,N,N,5\n2024-02-21,W1,Y,Y,3\n"
)


@pytest.fixture
def catalogue(db):
    trust_structure()
    dataset = DatasetFactory(
        name="Emergency department sepsis audit",
        slug="ed-sepsis-audit",
        description="Every adult arriving with suspected sepsis, audited against the screening bundle.",
        source_system="ED audit tool",
    )
    for order, (name, definition) in enumerate(
        [
            ("arrived", "Date the patient arrived in the department"),
            ("ward_code", "Ward or unit the patient was admitted to"),
            ("eligible", "Y when the patient met the sepsis screening criteria"),
            ("screened", "Y when screening was completed within one hour"),
            ("imd", "Index of Multiple Deprivation quintile of the home postcode"),
            ("ethnic_category", "Ethnicity as the NHS Data Dictionary ethnic category code"),
        ]
    ):
        DatasetField.objects.create(dataset=dataset, name=name, definition=definition, order=order)
    return dataset


def test_analyst_defines_a_metric_and_watches_a_record_level_import(
    page, personas, catalogue, login, site_url, axe, monkeypatch
):
    # The job is run by hand below, so the page is seen waiting and then polling to the end.
    monkeypatch.setattr(tasks, "run_import_task", lambda import_id: None)
    login(page, personas["analyst"])
    page.goto(site_url + "/data/metrics/")
    axe(page, context="metric list")
    page.get_by_role("link", name="Define a metric").click()
    axe(page, context="metric form")

    page.get_by_label("Code", exact=True).fill("sepsis-screening-within-1-hour")
    page.get_by_label("Name", exact=True).fill("Sepsis screening within one hour")
    page.get_by_label("Definition", exact=True).fill(
        "Adults meeting the screening criteria who were screened within an hour of arrival."
    )
    page.get_by_label("Dataset", exact=True).select_option(label=catalogue.name)
    page.get_by_label("Chart type").select_option("p")
    page.get_by_label("Improvement direction").select_option("increase")
    page.get_by_label("Frequency").select_option("month")
    page.get_by_label("Multiplier").fill("100")
    page.get_by_label("IMD quintile", exact=True).check()
    page.get_by_label("Date column").fill("arrived")
    page.get_by_label("Ward column").fill("ward_code")
    page.get_by_label("Filter (rows counted)").fill("eligible = 'Y'")
    page.get_by_label("Numerator", exact=True).fill("CASE WHEN screened = 'Y' THEN 1 ELSE 0 END")
    page.get_by_label("Denominator", exact=True).fill("")
    page.get_by_label("IMD quintile column").fill("imd")
    page.get_by_role("button", name="Save metric").click()

    # A p chart without a denominator is refused with the field named.
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "A p or u chart needs a denominator expression"
    )
    axe(page, context="metric form with errors")
    page.get_by_label("Denominator", exact=True).fill("1")
    page.get_by_role("button", name="Save metric").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sepsis screening within one hour")
    axe(page, context="metric detail")
    metric = Metric.objects.get(code="sepsis-screening-within-1-hour")
    assert metric.record_strata == {"imd_quintile": "imd"}
    # a trajectory: a mid-month date is refused with the field named, then a target is added
    page.get_by_label("Target applies from").fill("2024-04-15")
    page.get_by_label("Target", exact=True).fill("95")
    page.get_by_role("button", name="Add target").click()
    expect(page.get_by_role("link", name=re.compile("choose the 1st of a month"))).to_be_visible()
    axe(page, context="metric detail with a trajectory error")
    page.get_by_label("Target applies from").fill("2024-04-01")
    page.get_by_role("button", name="Add target").click()
    expect(page.get_by_role("cell", name="1 Apr 2024", exact=True)).to_be_visible()
    assert list(metric.trajectory.values_list("target", flat=True)) == [95.0]

    page.get_by_role("link", name="Import a record-level extract").click()
    axe(page, context="import form")
    expect(page.get_by_role("radio", name="Record-level extract")).to_be_checked()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "sepsis-audit.csv", "mimeType": "text/csv", "buffer": EXTRACT.encode()}
    )
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/data/imports/*/")
    progress = page.locator("#import-progress-bar")
    expect(progress).to_be_visible()
    expect(page.get_by_text("Queued: Waiting to start")).to_be_visible()
    axe(page, context="import waiting")

    imp = Import.objects.get()
    run_import(imp)
    # htmx polls every second and swaps in the outcome.
    expect(page.locator("#import-outcome")).to_contain_text("Import complete", timeout=10_000)
    expect(page.locator("#import-outcome progress")).to_have_attribute("value", "100")
    expect(page.locator("#import-outcome")).to_contain_text("Rows read")
    axe(page, context="import complete")
    assert Observation.objects.filter(series__metric=metric, series__level="trust").count() >= 2


def test_ward_nurse_finds_a_data_set_by_searching_the_catalogue(
    page, personas, catalogue, login, site_url, axe
):
    login(page, personas["staff"])
    page.goto(site_url + "/data/datasets/")
    axe(page, context="catalogue")
    page.get_by_label("Search data sets").fill("ethnic category")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#datasets caption")).to_contain_text("1 data set matching")
    page.get_by_role("link", name=catalogue.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(catalogue.name)
    expect(page.get_by_role("cell", name="ethnic_category")).to_be_visible()
    axe(page, context="dataset detail")
    # Staff read the catalogue but cannot change it.
    expect(page.get_by_role("link", name="Change this data set")).to_have_count(0)
