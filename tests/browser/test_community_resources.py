"""The improvement team keeps the glossary and the resource library; a nurse finds a
resource from the community home, downloads it, and follows a term to its definition."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qls.community.resources import samples
from qls.community.resources.models import Resource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(name: str, data: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def test_publishing_a_resource_and_a_term_then_finding_and_downloading_it(
    page, personas, login, site_url, axe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(page, personas["improvement"])

    # A glossary term.
    page.goto(f"{site_url}/community/glossary/")
    axe(page, context="empty glossary")
    page.get_by_role("link", name="Add a term").click()
    page.get_by_label("Term").fill("PDSA")
    page.get_by_label("Definition").fill("Plan, Do, Study, Act: a small test of change.")
    page.get_by_label("Also known as").fill("PDSA cycle")
    axe(page, context="adding a term")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("PDSA added to the glossary")).to_be_visible()

    # A resource: a Word file named .pdf is refused, and nothing is kept.
    page.goto(f"{site_url}/community/resources/")
    page.get_by_role("link", name="Add a resource").click()
    page.get_by_label("Title").fill("PDSA cycle form")
    page.get_by_label("Description").fill("Plan each PDSA cycle <and> record the prediction.")
    page.get_by_label("Tags").fill("PDSA, form")
    page.get_by_label("QSIR module").select_option(label="Testing changes: PDSA cycles")
    page.get_by_label("File").set_input_files(
        _file("pdsa.pdf", samples.docx("PDSA form"), "application/pdf")
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("its content is a Word file").first).to_be_visible()
    axe(page, context="a refused upload")
    assert not Resource.objects.exists()

    page.get_by_label("File").set_input_files(
        _file("pdsa-form.pdf", samples.pdf("PDSA form"), "application/pdf")
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("PDSA cycle form is in the library")).to_be_visible()
    axe(page, context="a resource")

    # A second version; the first is kept.
    page.get_by_role("link", name="Upload a new version").click()
    page.get_by_label("File").set_input_files(
        _file("pdsa-form-v2.docx", samples.docx("PDSA form v2"), "application/octet-stream")
    )
    page.get_by_label("What changed").fill("Now editable in Word")
    axe(page, context="uploading a new version")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Version 2 of PDSA cycle form uploaded")).to_be_visible()
    expect(page.get_by_role("link", name="Version 1 of PDSA cycle form")).to_be_visible()

    # A nurse finds it from the community home and downloads it.
    page.get_by_role("button", name="Log out").click()
    login(page, personas["staff"])
    page.goto(f"{site_url}/community/")
    axe(page, context="community home")
    page.locator("#community-resources").locator("..").get_by_role(
        "link", name="PDSA cycle form"
    ).first.click()
    expect(page.get_by_role("heading", name="PDSA cycle form", level=1)).to_be_visible()
    # What was typed is shown as text, with the term linked.
    expect(page.get_by_text("<and>", exact=False)).to_be_visible()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download Word (version 2").click()
    assert caught.value.suggested_filename == "pdsa-form-v2.docx"
    assert Resource.objects.get().download_count == 1

    page.locator("a.qls-glossary-link", has_text="PDSA").click()
    expect(page).to_have_url(f"{site_url}/community/glossary/#term-pdsa")
    expect(page.locator("#term-pdsa")).to_have_text("PDSA")
    page.get_by_label("Search the glossary").fill("small test")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 term found")).to_be_visible()
    axe(page, context="glossary search")

    page.goto(f"{site_url}/community/resources/?q=pdsa")
    expect(page.get_by_role("heading", name="1 resource found")).to_be_visible()
    axe(page, context="resource search")
