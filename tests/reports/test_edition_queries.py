"""The edition page reads its frozen snapshot in a handful of queries, however many metrics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qls.reports import definitions, workflow
from qls.reports.models import Report, SectionKind
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
        definitions.add_section(
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
