"""Changing a report's sections: subject, metric rows, removing, adding, moving, deleting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.reports import workflow
from qls.reports.models import Section, SectionMetric
from tests.factories.organisation import StaffMemberFactory
from tests.factories.reports import reporting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return reporting_world(personas)


def _sections(world):
    return list(world.report.sections.order_by("order", "pk"))


def _form(section, **changes):
    """The edit page's fields as they stand, with ``changes`` on top."""
    rows = list(section.metrics.order_by("order", "pk"))
    data = {
        "kind": section.kind,
        "domain": section.domain_id or "",
        "cqc_question": section.cqc_question,
        "aim": section.aim_id or "",
        "level": "trust",
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(rows),
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data |= {
            f"rows-{i}-id": row.pk,
            f"rows-{i}-level": row.level,
            f"rows-{i}-site": row.site_id or "",
            f"rows-{i}-ward": row.ward_id or "",
            f"rows-{i}-owner": row.owner.staff_number,
        }
    return data | changes


def _url(name, world, section):
    return reverse(f"reports:{name}", args=[world.report.slug, section.pk])


def test_an_analyst_changes_a_section_its_rows_removes_one_and_adds_another(
    client, world, personas
):
    client.force_login(personas["analyst"])
    safe = _sections(world)[0]
    other = StaffMemberFactory(user=personas["coach"])
    site = world.owner.site
    page = client.get(_url("section_edit", world, safe))
    assert page.status_code == 200
    assert "Falls with harm" in page.content.decode()
    rows = list(safe.metrics.order_by("order"))  # falls, pressure ulcers, medication errors
    response = client.post(
        _url("section_edit", world, safe),
        _form(
            safe,
            kind="cqc",
            cqc_question="safe",
            **{
                "rows-0-level": "site",
                "rows-0-site": site.pk,
                "rows-1-owner": other.staff_number,
                "rows-2-remove": "on",
                "metrics": [world.improving.metric_id],
                "owner": world.owner.staff_number,
            },
        ),
    )
    assert response.status_code == 302
    safe.refresh_from_db()
    assert (safe.kind, safe.cqc_question, safe.domain_id) == ("cqc", "safe", None)
    after = {r.metric_id: r for r in safe.metrics.all()}
    assert set(after) == {
        world.concern.metric_id,
        world.steady.metric_id,
        world.improving.metric_id,
    }
    assert (after[world.concern.metric_id].level, after[world.concern.metric_id].site) == (
        "site",
        site,
    )
    assert after[world.steady.metric_id].owner == other
    # Every change is in the audit history, the removal too.
    assert Section.history.filter(id=safe.pk, kind="cqc").exists()
    assert SectionMetric.history.filter(id=rows[2].pk, history_type="-").exists()
    assert SectionMetric.history.filter(id=rows[0].pk, level="site").exists()


def test_removing_every_metric_is_refused_naming_the_section_and_nothing_saved(
    client, world, personas
):
    client.force_login(personas["improvement"])
    safe = _sections(world)[0]
    data = _form(safe, kind="cqc", cqc_question="caring")
    data |= {f"rows-{i}-remove": "on" for i in range(3)}
    response = client.post(_url("section_edit", world, safe), data)
    assert response.status_code == 200
    assert "The section &quot;Caring&quot; would have no metrics" in response.content.decode()
    safe.refresh_from_db()
    assert safe.kind == "domain"
    assert safe.metrics.count() == 3


def test_a_row_at_site_level_without_its_site_is_refused_naming_the_metric(client, world, personas):
    client.force_login(personas["improvement"])
    safe = _sections(world)[0]
    response = client.post(
        _url("section_edit", world, safe), _form(safe, **{"rows-0-level": "site"})
    )
    assert response.status_code == 200
    assert "Falls with harm: Choose the site for metrics at site level." in (
        response.content.decode()
    )
    assert not safe.metrics.exclude(level="trust").exists()


def test_added_metrics_need_an_owner(client, world, personas):
    client.force_login(personas["improvement"])
    safe = _sections(world)[0]
    response = client.post(
        _url("section_edit", world, safe), _form(safe, metrics=[world.improving.metric_id])
    )
    assert "Choose the owner of the added metrics." in response.content.decode()
    assert safe.metrics.count() == 3


def test_sections_move_up_and_down_with_plain_forms(client, world, personas):
    client.force_login(personas["analyst"])
    safe, responsive = _sections(world)
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert _url("section_move", world, responsive) in page
    assert client.get(_url("section_move", world, responsive)).status_code == 405
    response = client.post(_url("section_move", world, responsive), {"direction": "up"})
    assert response.status_code == 302
    assert _sections(world) == [responsive, safe]
    client.post(_url("section_move", world, responsive), {"direction": "up"})  # already first
    assert _sections(world) == [responsive, safe]
    client.post(_url("section_move", world, responsive), {"direction": "down"})
    assert _sections(world) == [safe, responsive]
    assert Section.history.filter(id=responsive.pk).count() >= 3


def test_changing_or_deleting_sections_leaves_opened_editions_as_they_were(client, world, personas):
    edition = workflow.open_edition(
        report=world.report, period=dt.date(2025, 12, 1), by=personas["improvement"],
        today=dt.date(2026, 1, 5),
    )  # fmt: skip
    before = list(edition.items.values_list("section_title", "metric_name", "owner_id", "kind"))
    client.force_login(personas["improvement"])
    safe, responsive = _sections(world)
    client.post(
        _url("section_edit", world, safe),
        _form(safe, kind="cqc", cqc_question="effective", **{"rows-0-remove": "on"}),
    )
    response = client.post(_url("section_delete", world, responsive))
    assert response.status_code == 302
    assert _sections(world) == [safe]
    assert not SectionMetric.objects.filter(section_id=responsive.pk).exists()
    assert SectionMetric.history.filter(section_id=responsive.pk, history_type="-").count() == 2
    after = list(edition.items.values_list("section_title", "metric_name", "owner_id", "kind"))
    assert after == before
    assert ("Responsive", "Discharges before noon") in [(t, m) for t, m, _o, _k in after]


def test_staff_cannot_change_move_or_delete_sections(client, world, personas):
    client.force_login(personas["staff"])
    safe = _sections(world)[0]
    assert (
        client.post(_url("section_edit", world, safe), _form(safe, kind="aim")).status_code == 403
    )
    assert client.post(_url("section_delete", world, safe)).status_code == 403
    assert client.post(_url("section_move", world, safe), {"direction": "down"}).status_code == 403
    assert Section.objects.filter(pk=safe.pk, kind="domain").exists()


def test_a_section_of_another_report_is_not_found(client, world, personas):
    from qls.reports.models import Report

    other = Report.objects.create(
        name="Other", slug="other", audience="board", executive_lead=world.lead
    )
    client.force_login(personas["analyst"])
    safe = _sections(world)[0]
    url = reverse("reports:section_edit", args=[other.slug, safe.pk])
    assert client.get(url).status_code == 404
