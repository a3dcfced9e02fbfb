"""The pages of board reports: defining, opening, writing, approving, reading."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.reports import workflow
from qls.reports.models import Edition, EditionStatus, ItemKind, Report, Section
from tests.factories.organisation import StrategicAimFactory
from tests.factories.reports import NARRATIVE, reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)


@pytest.fixture
def world(personas):
    return reporting_world(personas)


@pytest.fixture
def draft(world, personas):
    return workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=dt.date(2026, 1, 5)
    )


def _publish(edition, personas):
    for item in edition.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)
    workflow.mark_complete(edition=edition, by=personas["improvement"])
    workflow.approve(edition=edition, by=personas["executive"])
    workflow.publish(edition=edition, by=personas["executive"])


def test_an_analyst_defines_a_report_and_its_first_section(client, world, personas):
    client.force_login(personas["analyst"])
    lead = world.lead.staff_number
    response = client.post(
        reverse("reports:report_new"),
        {"name": "Board quality section", "slug": "board", "audience": "board",
         "executive_lead": lead},
    )  # fmt: skip
    assert response.status_code == 302
    report = Report.objects.get(slug="board")
    response = client.post(
        reverse("reports:section_new", args=["board"]),
        {"kind": "aim", "aim": str(StrategicAimFactory().pk), "metrics": [world.concern.metric_id], "level": "trust",
         "owner": world.owner.staff_number},
    )  # fmt: skip
    assert response.status_code == 302
    assert report.sections.get().metrics.count() == 1


def test_a_section_with_no_metrics_is_refused_and_nothing_saved(client, world, personas):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("reports:section_new", args=[world.report.slug]),
        {"kind": "cqc", "cqc_question": "caring", "level": "trust",
         "owner": world.owner.staff_number},
    )  # fmt: skip
    assert response.status_code == 200
    assert "A section needs at least one metric" in response.content.decode()
    assert Section.objects.filter(report=world.report).count() == 2


def test_a_ward_level_section_needs_its_ward(client, world, personas):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("reports:section_new", args=[world.report.slug]),
        {"kind": "cqc", "cqc_question": "safe", "level": "ward",
         "metrics": [world.concern.metric_id], "owner": world.owner.staff_number},
    )  # fmt: skip
    assert "Choose the ward" in response.content.decode()


@pytest.mark.parametrize(
    ("period", "message"),
    [("2999-01", "not over yet"), ("01/2025", "year and month"), ("", "required")],
)
def test_a_bad_period_is_refused_with_the_field_named(client, world, personas, period, message):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("reports:edition_new", args=[world.report.slug]), {"period": period}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Edition.objects.exists()


def test_opening_an_edition_redirects_to_its_draft(client, world, personas):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("reports:edition_new", args=[world.report.slug]), {"period": "2025-12"}
    )
    edition = Edition.objects.get()
    assert response["Location"] == edition.get_absolute_url()


def test_the_edition_page_shows_matrix_table_exceptions_and_no_data(client, draft, personas):
    client.force_login(personas["lead"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Special cause concern" in page
    assert "No data for this period" in page
    assert "Falls with harm at Trust" in page
    assert "Write the narrative" in page
    assert "2 exceptions still need a complete narrative" in page


def test_a_narrative_with_an_nhs_number_is_refused_naming_the_field(client, draft, personas):
    client.force_login(personas["lead"])
    item = draft.items.get(metric_name="Falls with harm")
    url = reverse("reports:narrative", args=[draft.pk, item.pk])
    response = client.post(url, {**NARRATIVE, "actions": "Review 943 476 5919 by Friday"})
    assert response.status_code == 200
    assert "Remove the NHS number from actions, with dates" in response.content.decode()
    assert not hasattr(item, "narrative") or item.narrative is None


def test_an_owner_writes_a_narrative(client, draft, personas):
    client.force_login(personas["lead"])
    item = draft.items.get(metric_name="Falls with harm")
    response = client.post(reverse("reports:narrative", args=[draft.pk, item.pk]), NARRATIVE)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.narrative.written_by == personas["lead"]


def test_publishing_with_missing_narratives_shows_the_list(client, draft, personas):
    client.force_login(personas["executive"])
    response = client.post(reverse("reports:publish", args=[draft.pk]), follow=True)
    page = response.content.decode()
    assert "These exceptions have no complete narrative yet" in page
    assert "Falls with harm at Trust" in page
    draft.refresh_from_db()
    assert draft.status == EditionStatus.DRAFT


def test_someone_other_than_the_lead_cannot_approve(client, draft, personas):
    client.force_login(personas["improvement"])
    assert client.post(reverse("reports:approve", args=[draft.pk])).status_code == 403


def test_drafts_are_hidden_from_staff_and_published_editions_open_to_them(client, draft, personas):
    client.force_login(personas["staff"])
    assert client.get(draft.get_absolute_url()).status_code == 404
    _publish(draft, personas)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_published_edition_offers_a_correction_not_an_edit(client, draft, personas):
    _publish(draft, personas)
    client.force_login(personas["improvement"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Correct this edition" in page
    assert "Refresh the data" not in page
    assert "Write the narrative" not in page
    response = client.post(
        reverse("reports:correct", args=[draft.pk]), {"reason": "Wrong owner named."}
    )
    copy = Edition.objects.get(version=2)
    assert response["Location"] == copy.get_absolute_url()
