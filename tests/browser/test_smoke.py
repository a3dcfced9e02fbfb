import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_logs_in_and_sees_home(page, personas, login, site_url, axe):
    page.goto(site_url + "/accounts/login/")
    axe(page, context="login page")
    login(page, personas["staff"])
    assert page.get_by_role("heading", level=1).is_visible()
    axe(page, context="home page")
