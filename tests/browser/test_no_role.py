"""An account with no role: where it lands, what it may open, and how it signs out."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_account_with_no_role_is_told_whom_to_ask_and_sees_no_trust_data(
    page, personas, login, site_url, axe
):
    from tests.factories.projects import ProjectFactory

    ProjectFactory(title="Falls on Heron Ward")
    login(page, personas["norole"])
    page.wait_for_url("**/accounts/no-role/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account has no role yet"
    assert page.get_by_text("Ask the improvement team").is_visible()
    assert page.get_by_role("navigation", name="Menu").count() == 0
    axe(page, context="no role yet")

    page.get_by_role("link", name="Your profile").first.click()
    page.wait_for_url("**/accounts/profile/")
    axe(page, context="profile without a role")

    # A project's address answers with the same page, and shows nothing of it.
    response = page.goto(site_url + "/projects/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Your account has no role yet"
    assert "Falls on Heron Ward" not in page.content()
    axe(page, context="refused page")

    # Loaded at phone width (a check straight after resizing can read the old layout).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/accounts/no-role/")
    assert _fits(page)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: "/accounts/login/" in url)
