from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from qls.accounts.roles import Role
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["admin"])
    return client


def test_users_list_shows_roles_and_linked_staff_record(admin_client, personas, reference_data):
    from qls.organisation.models import Organisation, StaffMember

    trust = Organisation.objects.create(
        code="RTEST", name="Test Trust", kind=Organisation.Kind.TRUST
    )
    StaffMember.objects.create(
        staff_number="12345678",
        first_name="Ada",
        last_name="Lead",
        organisation=trust,
        staff_group="Nursing and Midwifery Registered",
        job_role="Ward manager",
        band="Band 7",
        user=personas["lead"],
    )
    html = admin_client.get(reverse("administration:users")).content.decode()
    assert "Project lead, Staff" in html
    assert "Ada Lead (12345678)" in html


def test_users_list_searches_by_name_and_filters_by_role(admin_client, personas):
    UserFactory(username="zed", first_name="Zebedee", last_name="Spring")
    url = reverse("administration:users")
    found = admin_client.get(url, {"q": "zebedee"}).context["page"].object_list
    assert [u.username for u in found] == ["zed"]
    coaches = admin_client.get(url, {"role": Role.QI_COACH}).context["page"].object_list
    assert [u.username for u in coaches] == ["coach"]
    nobody = admin_client.get(url, {"role": "none"}).context["page"].object_list
    assert {u.username for u in nobody} == {"norole", "zed"}


def test_users_list_is_paginated(admin_client, personas):
    UserFactory.create_batch(30)
    users = get_user_model().objects.count()  # the personas, the admin client's user and 30
    assert 25 < users <= 50
    response = admin_client.get(reverse("administration:users"), {"page": 2})
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == users - 25


def test_admin_changes_roles_and_it_is_in_the_audit_history(admin_client, personas):
    person = personas["staff"]
    response = admin_client.post(
        reverse("administration:user_roles", args=[person.pk]),
        {"roles": [Role.STAFF, Role.QI_COACH], "is_active": "on"},
    )
    assert response.status_code == 302
    assert person.role_names == [Role.QI_COACH, Role.STAFF]
    html = admin_client.get(reverse("administration:audit")).content.decode()
    assert "Roles changed" in html
    assert '<td class="nhsuk-table__cell">Staff</td>' in html
    assert "QI coach, Staff" in html


def test_admin_cannot_remove_their_own_admin_role(admin_client, personas):
    me = personas["admin"]
    response = admin_client.post(
        reverse("administration:user_roles", args=[me.pk]),
        {"roles": [Role.STAFF], "is_active": "on"},
    )
    assert response.status_code == 200
    assert "You cannot remove your own Admin role" in response.content.decode()
    assert Role.ADMIN in me.role_names


def test_admin_can_deactivate_someone_else(admin_client, personas):
    person = personas["analyst"]
    admin_client.post(
        reverse("administration:user_roles", args=[person.pk]),
        {"roles": [Role.STAFF]},
    )
    person.refresh_from_db()
    assert not person.is_active
    assert person.role_names == [Role.STAFF]


def test_unknown_role_is_refused_with_a_message(admin_client, personas):
    response = admin_client.post(
        reverse("administration:user_roles", args=[personas["staff"].pk]),
        {"roles": ["Emperor"], "is_active": "on"},
    )
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert personas["staff"].role_names == [Role.STAFF]


def test_role_change_for_missing_user_is_not_found(admin_client, personas):
    assert admin_client.get(reverse("administration:user_roles", args=[999999])).status_code == 404
