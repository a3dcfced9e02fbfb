"""What each role may reach: every page of the app, for every persona.

Status codes: 200 shown, 302 sent elsewhere (the Django admin sends people
without staff status to its own login), 403 refused, 404 hidden (areas a
role may not see are "not found" rather than advertised).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from qls.accounts.roles import ROLE_PERMISSIONS, sync_roles
from qls.core.navigation import visible_areas
from tests.factories.accounts import PERSONAS

pytestmark = pytest.mark.django_db

SIGNED_IN = set(PERSONAS)
# An account with no role sees only its own account pages (docs/authentication.md).
EVERYONE = SIGNED_IN - {"norole"}
ADMINS = {"admin"}


def _url(name: str) -> str:
    if name == "user_roles":
        return reverse("administration:user_roles", args=[1])
    if name == "aim_edit":
        return reverse("organisation:aim_edit", args=[1])  # aim 1 is seeded
    if name == "audit_record":
        return reverse("administration:audit_record", args=["accounts", "user", 1])
    return reverse(name)


# url name -> (personas that get 200, status for everyone else)
PAGES: dict[str, tuple[set[str], int]] = {
    "core:home": (EVERYONE, 302),  # no role: sent to the page saying whom to ask
    "core:accessibility": (SIGNED_IN, 200),
    "core:privacy": (SIGNED_IN, 200),
    "accounts:profile": (SIGNED_IN, 200),
    "accounts:password_change": (SIGNED_IN, 200),
    "organisation:index": (EVERYONE, 403),
    # Reference lists any signed-in person may read (the organisation app's choice).
    "organisation:aims": (EVERYONE, 403),
    "organisation:domains": (EVERYONE, 403),
    "organisation:staff": (EVERYONE, 403),
    "organisation:staff_import": ({"analyst", "admin"}, 403),
    "aim_edit": ({"improvement", "admin"}, 403),
    "projects:index": (EVERYONE, 403),
    # Quality data needs measurement.view_metric, which every role holds.
    "measurement:index": (EVERYONE, 403),
    "capability:index": (EVERYONE, 403),
    "wards:index": (EVERYONE, 403),
    "community:index": (EVERYONE, 403),
    # Published board reports are read by every role (docs/reports.md).
    "reports:index": (EVERYONE, 403),
    "administration:index": (ADMINS, 403),
    "administration:users": (ADMINS, 403),
    "user_roles": (ADMINS, 403),
    "administration:audit": (ADMINS, 403),
    "audit_record": (ADMINS, 403),
    "admin:index": (set(), 302),
}


def _real_url(page: str, personas) -> str:
    # user_roles and audit_record need a real record: the staff persona's account.
    # (Aims are addressed by their number, which is always 1 to 5.)
    if page in ("user_roles", "audit_record"):
        return _url(page).replace("/1/", f"/{personas['staff'].pk}/")
    return _url(page)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_reaches_only_its_pages(client, personas, reference_data, persona):
    # One test per persona walking every page (not one per pair): building the
    # personas is the slow part, and the message below still names each page.
    client.force_login(personas[persona])
    wrong = []
    for page, (allowed, otherwise) in PAGES.items():
        expected = 200 if persona in allowed else otherwise
        if persona == "norole" and page.startswith(("core:admin", "admin:")):
            expected = 403  # the no-role page, before the area's own "not found"
        got = client.get(_real_url(page, personas)).status_code
        if got != expected:
            wrong.append(f"{page}: expected {expected}, got {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_anonymous_visitor_is_sent_to_log_in_from_every_page(client, personas, reference_data):
    login = reverse("accounts:login")
    for page in PAGES:
        if page == "admin:index":
            continue  # the Django admin has its own login page
        response = client.get(_real_url(page, personas))
        assert response.status_code == 302, page
        assert response["Location"].startswith(login), page


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_admins_may_post_a_role_change(client, personas, persona):
    client.force_login(personas[persona])
    target = personas["norole"]
    response = client.post(
        reverse("administration:user_roles", args=[target.pk]),
        {"roles": ["Staff"], "is_active": "on"},
    )
    target.refresh_from_db()
    if persona == "admin":
        assert response.status_code == 302
        assert target.role_names == ["Staff"]
    else:
        assert response.status_code == 403
        assert target.role_names == []


def test_sync_roles_leaves_exactly_the_declared_permissions(db):
    sync_roles()
    staff = Group.objects.get(name="Staff")
    staff.permissions.add(*Group.objects.get(name="Admin").permissions.all())
    sync_roles()
    for role, declared in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(declared), role


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_navigation_shows_restricted_areas_only_to_those_allowed(client, personas, persona):
    labels = {area.label for area in visible_areas(personas[persona])}
    assert ("Administration" in labels) == (persona in ADMINS)
    assert ("Board reports" in labels) == (persona in EVERYONE)
    client.force_login(personas[persona])
    header = client.get(reverse("core:home")).content.decode()
    assert (">Administration<" in header) == (persona in ADMINS)
    assert (">Board reports<" in header) == (persona in EVERYONE)


def test_administration_is_the_current_area_on_its_pages(client, personas):
    client.force_login(personas["admin"])
    html = client.get(reverse("administration:audit")).content.decode()
    assert (
        'aria-current="page"><strong class="nhsuk-header__navigation-item-current-fallback">Administration'
        in html
    )
