"""Each role logs in through the real form and walks its whole header menu,
with an accessibility check on every page it reaches."""

from __future__ import annotations

import pytest

from tests.factories.accounts import PERSONAS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages inside areas that only the header's top-level links would miss.
EXTRA_PAGES = {
    "admin": ["/administration/users/", "/administration/audit/"],
}


def _menu_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "nav[aria-label='Menu'] a.nhsuk-header__navigation-link",
        "links => links.map(a => a.getAttribute('href'))",
    )


def test_every_role_walks_its_menu_and_every_page_is_accessible(
    browser, personas, reference_data, login, site_url, axe
):
    seen_menus = {}
    checked: set[str] = set()
    # An account with no role has no menu, only its own account pages
    # (tests/browser/test_no_role.py walks those).
    for name in [p for p in PERSONAS if p != "norole"]:
        context = browser.new_context()
        page = context.new_page()
        try:
            login(page, personas[name])
            links = _menu_links(page)
            assert links, f"{name} sees no menu"
            seen_menus[name] = links
            for href in [*links, "/accounts/profile/", *EXTRA_PAGES.get(name, [])]:
                # Every page gets the accessibility check in the browser once
                # (for other roles only the number of menu items differs, so the
                # admin's home page, with the longest menu, is checked too). The
                # other visits fetch the page with the role's session cookie,
                # which costs a tenth of rendering it and running axe.
                if href not in checked or (href == "/" and name == "admin"):
                    response = page.goto(site_url + href)
                    axe(page, context=f"{href} as {name}")
                    checked.add(href)
                    html = page.content()
                else:
                    response = context.request.get(site_url + href)
                    html = response.text()
                assert response.status == 200, f"{name}: {href} answered {response.status}"
                assert html.count("<h1") == 1, f"{name}: {href} has no single h1"
        finally:
            context.close()
    assert "/administration/" in seen_menus["admin"]
    assert "/administration/" not in seen_menus["staff"]
    assert "/reports/" in seen_menus["executive"]
    assert "/reports/" in seen_menus["staff"]
