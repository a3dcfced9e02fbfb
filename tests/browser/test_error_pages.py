"""The error pages in a real browser: headings, the way home, accessibility."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_not_found_and_forbidden_pages_lead_home(page, personas, login, site_url, axe):
    login(page, personas["staff"])

    response = page.goto(site_url + "/no-such-area/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    axe(page, context="404 page")

    response = page.goto(site_url + "/administration/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
    axe(page, context="403 page")

    page.get_by_role("link", name="Go to the QLS home page").click()
    page.wait_for_url(site_url + "/")
    assert page.get_by_role("heading", level=1).is_visible()
