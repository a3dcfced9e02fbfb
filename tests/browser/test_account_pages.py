"""The pages everyone reaches from the header and footer: profile, password, statements."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_changes_their_password_from_their_profile(
    page, personas, login, site_url, axe
):
    user = personas["staff"]
    login(page, user)
    page.goto(site_url + "/accounts/profile/")
    assert page.get_by_role("heading", level=1).is_visible()
    axe(page, context="profile")
    page.get_by_role("link", name="Change your password").click()
    axe(page, context="password change")

    # A mismatch is refused with an error summary naming the field.
    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("estuary-lighthouse-2031")
    page.get_by_label("New password confirmation").fill("estuary-lighthouse-2032")
    page.get_by_role("button", name="Change password").click()
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    assert "didn" in summary.inner_text() or "match" in summary.inner_text()
    axe(page, context="password change with errors")

    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("estuary-lighthouse-2031")
    page.get_by_label("New password confirmation").fill("estuary-lighthouse-2031")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_text("Your password has been changed.").is_visible()
    user.refresh_from_db()
    assert user.check_password("estuary-lighthouse-2031")


def test_footer_statements_are_reachable_and_accessible(page, personas, login, site_url, axe):
    login(page, personas["staff"])
    page.get_by_role("link", name="Accessibility statement").click()
    page.wait_for_url("**/accessibility/")
    assert page.get_by_role("heading", level=1).is_visible()
    axe(page, context="accessibility statement")
    page.get_by_role("link", name="How QLS uses data").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", level=1).is_visible()
    axe(page, context="privacy statement")
