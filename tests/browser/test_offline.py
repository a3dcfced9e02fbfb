"""Pages load everything from QLS itself, so they work on a network that
blocks other hosts (or with none at all).

Every browser test runs under the offsite guard in tests/conftest.py; these
tests show the guard catches a request to another host, and that pages use
no web fonts (the NHS.UK stylesheet's Frutiger came from assets.nhs.uk).
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guard_records_a_page_asking_another_host(page, offsite_requests, csp_violations, site_url):
    # Should the request get past the page's policy, it is aborted in the
    # browser: nothing reaches the network.
    page.route("http://example.invalid/**", lambda route: route.abort())
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

    assert len(offsite_requests.seen) == 1
    assert "http://example.invalid/x.png" in offsite_requests.seen[0]
    with pytest.raises(AssertionError, match=r"example\.invalid"):
        offsite_requests.check()
    # The Content-Security-Policy refused it too.
    assert any("example.invalid" in seen for seen in csp_violations.seen), csp_violations.seen
    # The request above was this test's own; the guards' teardown must not fail it.
    offsite_requests.seen.clear()
    csp_violations.seen.clear()


def test_pages_use_no_web_fonts_and_are_set_in_arial(page, personas, login, site_url):
    login(page, personas["staff"])
    page.goto(site_url + "/")
    page.wait_for_load_state("load")
    fonts = page.evaluate("() => document.fonts.size")
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert fonts == 0
    assert family.lower().startswith("arial"), family


def test_dashboard_chart_draws_under_the_content_security_policy(
    page, personas, reference_data, login, site_url, csp_violations
):
    from tests.browser.test_measurement_dashboards import wait_for_charts
    from tests.measurement.dashboard_data import build

    build()
    login(page, personas["staff"])
    response = page.goto(site_url + "/data/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-eval'" in policy
    assert "style-src 'self';" in policy
    wait_for_charts(page, 2)
    assert page.locator("[data-qls-chart] svg").count() >= 2
    assert csp_violations.seen == []


def test_guard_records_what_the_content_security_policy_refuses(page, site_url, csp_violations):
    page.goto(site_url + "/accounts/login/")
    page.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.inlineRan = true";
            document.head.appendChild(s);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.inlineRan === undefined")
    assert any("inline script" in seen for seen in csp_violations.seen), csp_violations.seen
    with pytest.raises(AssertionError, match="Content-Security-Policy refused"):
        csp_violations.check()
    csp_violations.seen.clear()


def test_api_docs_and_django_admin_load_only_from_qls(page, personas, login, site_url):
    # Third-party pages QLS serves (Swagger UI from django-ninja, Django's
    # admin) run under the same guards: nothing from elsewhere, nothing refused.
    page.goto(site_url + "/django-admin/login/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    login(page, personas["analyst"])
    page.goto(site_url + "/api/docs")
    # Swagger UI's scripts ran and drew the page (under the policy, from QLS's files).
    expect(page.locator("#swagger-ui .swagger-ui").first).to_be_visible()
