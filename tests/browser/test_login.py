"""Logging in, being locked out, and an admin changing someone's roles."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page, site_url, username: str, password: str) -> None:
    page.goto(site_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_wrong_password_shows_the_error_summary_and_five_lock_the_account(
    page, personas, site_url, axe
):
    _submit(page, site_url, "staff", "not-my-password")
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    assert "Enter a correct user name and password" in summary.inner_text()
    axe(page, context="login page with an error")
    for _ in range(4):
        _submit(page, site_url, "staff", "not-my-password")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account is locked"
    assert "30 minutes" in page.content()
    axe(page, context="lockout page")


def test_admin_changes_roles_and_sees_it_in_the_audit_history(page, personas, login, site_url, axe):
    login(page, personas["admin"])
    page.goto(site_url + "/administration/users/")
    page.get_by_label("Search by name, user name or email").fill("analyst")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=f"Change roles for {personas['analyst']}").click()
    axe(page, context="change roles page")
    page.get_by_label("Executive").check()
    page.get_by_role("button", name="Save roles").click()
    assert f"Roles for {personas['analyst']} saved" in page.content()

    page.goto(site_url + "/administration/audit/?type=accounts.user")
    first = page.locator(".nhsuk-card").first
    assert "Roles changed" in first.inner_text()
    assert "Data analyst, Executive, Staff" in first.inner_text()
    axe(page, context="audit history")
    first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("History of")
    axe(page, context="record history")
