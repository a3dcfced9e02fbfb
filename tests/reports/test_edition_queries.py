"""The edition page reads its frozen snapshot in a handful of queries, however many metrics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qls.reports import actions, workflow
from qls.reports.models import Report
from qls.reports.models.section import SectionKind
from tests.factories.reports import reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
TODAY = dt.date(2026, 1, 5)
MOST_QUERIES = 20


def _queries(client, edition) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(edition.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_edition_page_costs_the_same_queries_for_twice_the_metrics(client, personas):
    world = reporting_world(personas)
    small = workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
    )
    bigger = Report.objects.create(
        name="Bigger", slug="bigger", audience="board", executive_lead=world.lead
    )
    metrics = [s.metric for s in (world.concern, world.failing, world.improving, world.steady)]
    for question in ("safe", "effective", "caring"):
        actions.add_section(
            report=bigger,
            kind=SectionKind.CQC,
            cqc_question=question,
            metrics=metrics,
            owner=world.owner,
        )
    large = workflow.open_edition(
        report=bigger, period=DECEMBER, by=personas["improvement"], today=TODAY
    )
    assert large.items.count() == 12
    assert large.items.filter(kind="exception").count() == 6
    client.force_login(personas["improvement"])
    _queries(client, small)  # the session and permissions are cached from here on
    few = _queries(client, small)
    many = _queries(client, large)
    assert many == few, f"{few} queries for 5 metrics, {many} for 12"
    assert many <= MOST_QUERIES


def test_a_published_editions_page_body_is_drawn_once_and_a_drafts_every_time(client, personas):
    from qls.reports.models import ItemKind
    from tests.factories.reports import NARRATIVE

    world = reporting_world(personas)
    edition = workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
    )
    client.force_login(personas["improvement"])
    falls = edition.items.get(metric_name="Falls with harm")
    client.get(edition.get_absolute_url())
    workflow.save_narrative(item=falls, by=personas["lead"], **NARRATIVE)
    # A draft is drawn afresh: the narrative written since shows at once.
    assert NARRATIVE["why"] in client.get(edition.get_absolute_url()).content.decode()

    for item in edition.items.filter(kind=ItemKind.EXCEPTION).exclude(pk=falls.pk):
        workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)
    workflow.mark_complete(edition=edition, by=personas["improvement"])
    workflow.approve(edition=edition, by=personas["executive"])
    workflow.publish(edition=edition, by=personas["executive"])
    client.force_login(personas["staff"])
    first = _queries(client, edition)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(edition.get_absolute_url()).content.decode()
    assert len(queries) < first
    assert "Discharges before noon at Trust" in again
    assert NARRATIVE["actions"] in again
