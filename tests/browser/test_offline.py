"""Pages load everything from QLS itself, so they work on a network that
blocks other hosts (or with none at all).

Every browser test runs under the offsite guard in tests/conftest.py; these
tests show the guard catches a request to another host, and that pages use
no web fonts (the NHS.UK stylesheet's Frutiger came from assets.nhs.uk).
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guard_records_a_page_asking_another_host(page, offsite_requests, site_url):
    aborted = []

    def abort(route):
        aborted.append(route.request.url)
        route.abort()

    # Aborted in the browser: nothing reaches the network.
    page.route("http://example.invalid/**", abort)
    page.goto(site_url + "/accounts/login/")
    assert offsite_requests.seen == []

    page.evaluate(
        """() => new Promise((resolve) => {
            const img = document.createElement("img");
            img.alt = "";
            img.onload = img.onerror = resolve;
            img.src = "http://example.invalid/x.png";
            document.body.appendChild(img);
        })"""
    )

    assert aborted == ["http://example.invalid/x.png"]
    assert len(offsite_requests.seen) == 1
    assert "http://example.invalid/x.png" in offsite_requests.seen[0]
    with pytest.raises(AssertionError, match=r"example\.invalid"):
        offsite_requests.check()
    # The request above was this test's own; the guard's teardown must not fail it.
    offsite_requests.seen.clear()


def test_pages_use_no_web_fonts_and_are_set_in_arial(page, personas, login, site_url):
    login(page, personas["staff"])
    page.goto(site_url + "/")
    page.wait_for_load_state("load")
    fonts = page.evaluate("() => document.fonts.size")
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert fonts == 0
    assert family.lower().startswith("arial"), family
