"""An account with no role sees its own account pages and nothing of the trust's.

The rule (docs/authentication.md) is applied by one middleware, so the
test asks every URL pattern of the project: any page not on the short list
answers with the "no role yet" page, whatever object its address names.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.accounts.access import NO_ROLE_PAGES
from tests.factories.projects import ProjectFactory
from tests.url_patterns import all_pages

pytestmark = pytest.mark.django_db

# Values that fit each pattern's converters; the middleware answers before
# the view looks anything up, so no object needs to exist.
FILL = {"app_label": "accounts", "model": "user", "fmt": "csv", "name": "training"}


def test_no_role_account_is_refused_every_page_but_its_own(client, personas):
    client.force_login(personas["norole"])
    wrong = []
    checked = 0
    for page in all_pages():
        if page.public:
            continue  # open without signing in: the same for everyone
        path = page.path(FILL)
        response = client.get(path)
        checked += 1
        if page.name == "core:home":
            expected = 302
        elif page.name == "accounts:logout":
            expected = 405  # sign-out is a POST
        elif page.name in NO_ROLE_PAGES:
            expected = 200
        else:
            expected = 403
        if response.status_code != expected:
            wrong.append(f"{page.name} {path}: expected {expected}, got {response.status_code}")
        elif expected == 403 and b"Your account has no role yet" not in response.content:
            wrong.append(f"{page.name} {path}: refused without saying whom to ask")
    assert checked > 300
    assert not wrong, "\n".join(wrong)


def test_no_role_account_lands_on_the_page_saying_whom_to_ask(client, personas):
    client.force_login(personas["norole"])
    response = client.get(reverse("core:home"), follow=True)
    assert response.redirect_chain == [(reverse("accounts:no_role"), 302)]
    body = response.content.decode()
    assert "Your account has no role yet" in body
    assert "improvement team" in body
    # The header offers the profile and sign-out, and no area of QLS.
    assert 'aria-label="Menu"' not in body
    assert reverse("accounts:profile") in body
    assert reverse("accounts:logout") in body


def test_no_role_account_cannot_read_a_project_its_poster_or_measure_data(client, personas):
    project = ProjectFactory(title="Falls on Ward 7")
    client.force_login(personas["norole"])
    for path in (
        reverse("projects:index"),
        reverse("projects:project", args=[project.pk]),
        reverse("projects:poster", args=[project.pk]),
        reverse("organisation:aims"),
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Falls on Ward 7" not in response.content


def test_no_role_account_signs_out(client, personas):
    client.force_login(personas["norole"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302  # to log in


def test_a_role_given_takes_effect_on_the_next_page(client, personas):
    from django.contrib.auth.models import Group

    user = personas["norole"]
    client.force_login(user)
    assert client.get(reverse("projects:index")).status_code == 403
    user.groups.add(Group.objects.get(name="Staff"))
    assert client.get(reverse("projects:index")).status_code == 200
    assert client.get(reverse("accounts:no_role")).status_code == 302


def test_people_with_a_role_are_sent_home_from_the_no_role_page(client, personas):
    client.force_login(personas["staff"])
    response = client.get(reverse("accounts:no_role"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
