"""The Django admin cannot change an audit template version once an audit used it.

The pages refuse it (a change makes a new version); the admin, where a
system administrator lays out templates, must not be a way round that.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.wards.models import Audit
from tests.factories.accounts import UserFactory
from tests.factories.organisation import WardFactory
from tests.factories.wards import AuditQuestionFactory, AuditSectionFactory, AuditTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _template(used: bool):
    template = AuditTemplateFactory(name="Ward safety walk")
    section = AuditSectionFactory(template=template, title="Safety", total=1)
    AuditQuestionFactory(section=section, text="Resus trolley checked", weight=1)
    if used:
        Audit.objects.create(template=template, ward=WardFactory(), date=dt.date(2026, 1, 5))
    return template, section


def _form(template, name):
    return {
        "name": name,
        "version": template.version,
        "reaudit_months": template.reaudit_months,
        "active": "on",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }


def test_a_used_template_is_shown_read_only_and_a_post_changes_nothing(client, root):
    template, section = _template(used=True)
    url = reverse("admin:wards_audittemplate_change", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200  # still viewable
    assert b'name="_save"' not in page.content
    response = client.post(url, _form(template, "Renamed in the admin"))
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.name == "Ward safety walk"
    assert (
        client.post(
            reverse("admin:wards_audittemplate_delete", args=[template.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    section_url = reverse("admin:wards_auditsection_change", args=[section.pk])
    assert client.post(section_url, {"title": "Changed"}).status_code == 403
    section.refresh_from_db()
    assert section.title == "Safety"


def test_an_unused_template_can_still_be_laid_out_in_the_admin(client, root):
    template, _ = _template(used=False)
    url = reverse("admin:wards_audittemplate_change", args=[template.pk])
    page = client.get(url)
    assert b'name="_save"' in page.content
    form = _form(template, "Ward safety walk (draft)")
    form.update(
        {
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "1",
            "sections-0-id": str(template.sections.get().pk),
            "sections-0-template": str(template.pk),
            "sections-0-title": "Safety",
            "sections-0-order": "0",
            "sections-0-total": "1",
        }
    )
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    template.refresh_from_db()
    assert template.name == "Ward safety walk (draft)"
