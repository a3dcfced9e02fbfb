from __future__ import annotations

import pytest
from django.urls import reverse

from qls.accounts import actions
from qls.accounts.roles import Role
from qls.core import audit
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["admin"])
    return client


def _site(name="Basildon"):
    from qls.organisation.models import Organisation, Site

    trust, _ = Organisation.objects.get_or_create(
        code="RTEST", defaults={"name": "Test Trust", "kind": Organisation.Kind.TRUST}
    )
    return Site.objects.create(name=name, organisation=trust, code=name[:3].upper())


def test_every_model_with_history_is_audited():
    keys = {a.key for a in audit.audited_models()}
    assert {"accounts.user", "organisation.staffmember", "organisation.ward"} <= keys
    assert not any("historical" in key for key in keys)


def test_change_shows_each_field_old_and_new(personas):
    site = _site()
    site.name = "Basildon University Hospital"
    site.save()
    newest = audit.describe(
        audit.history_rows(audited=audit.get_audited_model("organisation.site"))[0]
    )
    assert newest["action"] == "Changed"
    assert [(c.field, c.old, c.new) for c in newest["changes"]] == [
        ("Name", "Basildon", "Basildon University Hospital")
    ]


def test_role_change_is_one_history_row_with_groups_before_and_after(personas):
    person = personas["staff"]
    before = person.history.count()
    actions.change_roles(
        user=person, roles=[Role.STAFF, Role.EXECUTIVE], is_active=True, by=personas["admin"]
    )
    assert person.history.count() == before + 1
    row = person.history.first()
    assert row.history_user == personas["admin"]
    changes = {c.field: (c.old, c.new) for c in audit.changes(row)}
    assert changes == {"Groups": ("Staff", "Executive, Staff")}


def test_removing_own_admin_role_is_refused_and_nothing_changes(personas):
    from qls.accounts.errors import CannotRemoveOwnAdminRole

    me = personas["admin"]
    with pytest.raises(CannotRemoveOwnAdminRole):
        actions.change_roles(user=me, roles=[Role.STAFF], is_active=True, by=me)
    assert Role.ADMIN in me.role_names


def test_merged_feed_is_newest_first_across_models_and_capped(personas):
    _site()
    rows = audit.recent_changes(cap=5)
    assert len(rows) == 5
    dates = [r.history_date for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert rows[0].instance_type.__name__ == "Site"


def test_feed_filters_by_record_type_and_by_user(admin_client, personas):
    actions.change_roles(
        user=personas["coach"], roles=[Role.STAFF], is_active=True, by=personas["admin"]
    )
    _site()
    url = reverse("administration:audit")
    by_type = admin_client.get(url, {"type": "organisation.site"}).context["entries"]
    assert {e["record_type"] for e in by_type} == {"Site"}
    by_admin = admin_client.get(url, {"user": personas["admin"].pk}).context["entries"]
    assert [e["record"] for e in by_admin] == [str(personas["coach"])]


def test_feed_pages_through_a_chosen_record_type(admin_client, personas):
    UserFactory.create_batch(50)
    response = admin_client.get(
        reverse("administration:audit"), {"type": "accounts.user", "page": 2}
    )
    assert response.context["page"].number == 2
    assert len(response.context["entries"]) == 25


def test_unknown_record_type_is_not_found(admin_client):
    assert (
        admin_client.get(reverse("administration:audit"), {"type": "auth.group"}).status_code == 404
    )


def test_record_history_page_lists_that_record_only(admin_client, personas):
    site = _site()
    site.name = "Broomfield"
    site.save()
    _site("Southend")
    response = admin_client.get(
        reverse("administration:audit_record", args=["organisation", "site", site.pk])
    )
    assert response.status_code == 200
    assert [e["action"] for e in response.context["entries"]] == ["Changed", "Created"]
    assert "History of Broomfield" in response.content.decode()


@pytest.mark.parametrize("pk", ["999999", "not-a-number"])
def test_record_history_of_unknown_record_is_not_found(admin_client, pk):
    url = reverse("administration:audit_record", args=["organisation", "site", pk])
    assert admin_client.get(url).status_code == 404


def test_history_page_runs_a_bounded_number_of_queries(
    admin_client, personas, django_assert_max_num_queries
):
    UserFactory.create_batch(40)
    # The merged feed asks each audited model for its newest changes (two queries
    # a model), so the bound grows with the models; the 25 rows on the page must
    # not add a query each.
    with django_assert_max_num_queries(2 * len(audit.audited_models()) + 10):
        admin_client.get(reverse("administration:audit"))
