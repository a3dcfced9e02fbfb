"""Freezing an edition's data: the SPC at the cut-off, and never after."""

from __future__ import annotations

import datetime as dt

import pytest

from qls.measurement.models import Observation, Series
from qls.measurement.spc_cache import recompute_series
from qls.reports import workflow
from qls.reports.errors import EmptySectionError, PeriodError
from qls.reports.models import EditionItem, ItemKind, Section
from qls.reports.periods import cutoff_for, parse_month
from tests.factories.reports import NARRATIVE, month, reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
TODAY = dt.date(2026, 1, 15)


def _open(world, personas, period=DECEMBER):
    return workflow.open_edition(
        report=world.report, period=period, by=personas["improvement"], today=TODAY
    )


def _item(edition, name) -> EditionItem:
    return edition.items.get(metric_name=name)


def test_snapshot_holds_the_same_result_as_the_live_chart_when_nothing_came_after(personas):
    world = reporting_world(personas)
    edition = _open(world, personas)
    live = Series.objects.get(pk=world.concern.pk)
    item = _item(edition, "Falls with harm")
    assert item.spc_points == live.spc_points
    assert item.spc_summary == live.spc_summary
    assert item.variation_icon == live.variation_icon == "special_cause_concern_high"
    assert item.latest_period == dt.date(2025, 12, 1)
    assert item.latest_value == 40


def test_snapshot_reads_only_the_data_up_to_the_cut_off(personas):
    world = reporting_world(personas)
    november = _open(world, personas, period=dt.date(2025, 11, 1))
    item = _item(november, "Falls with harm")
    assert item.latest_period == dt.date(2025, 11, 1)
    assert len(item.spc_points["x"]) == 23
    # November is before the spike: no exception yet.
    assert item.kind == ItemKind.NONE


def test_a_published_snapshot_does_not_change_after_a_new_import(personas):
    world = reporting_world(personas)
    edition = _open(world, personas)
    item = _item(edition, "Falls with harm")
    frozen = (item.spc_points, item.spc_summary, item.variation_icon, item.latest_value)
    # A late re-import rewrites December and adds January; the live chart moves.
    Observation.objects.filter(series=world.concern, period=DECEMBER).update(value=10)
    Observation.objects.create(series=world.concern, period=month(24), value=11)
    recompute_series([world.concern.pk])
    live = Series.objects.get(pk=world.concern.pk)
    assert live.variation_icon != frozen[2]
    item.refresh_from_db()
    assert (item.spc_points, item.spc_summary, item.variation_icon, item.latest_value) == frozen


def test_refreshing_a_draft_reads_the_data_again_and_keeps_narratives(personas):
    world = reporting_world(personas)
    edition = _open(world, personas)
    falls = _item(edition, "Falls with harm")
    workflow.save_narrative(item=falls, by=personas["lead"], **NARRATIVE)
    Observation.objects.filter(series=world.steady, period=DECEMBER).update(value=40)
    workflow.refresh_snapshot(edition=edition, by=personas["improvement"])
    assert _item(edition, "Pressure ulcers").kind == ItemKind.EXCEPTION
    assert _item(edition, "Falls with harm").narrative.why == NARRATIVE["why"]
    assert edition.items.count() == 5


def test_a_metric_with_no_data_is_kept_and_marked(personas):
    world = reporting_world(personas)
    edition = _open(world, personas)
    empty = _item(edition, "Medication errors")
    assert not empty.has_data
    assert empty.spc_points is None
    assert empty.kind == ItemKind.NONE


def test_exceptions_and_good_news_are_classified(personas):
    world = reporting_world(personas)
    edition = _open(world, personas)
    kinds = dict(edition.items.values_list("metric_name", "kind"))
    assert kinds == {
        "Falls with harm": ItemKind.EXCEPTION,
        "Discharges before noon": ItemKind.EXCEPTION,  # consistently failing
        "Compliments received": ItemKind.IMPROVEMENT,
        "Pressure ulcers": ItemKind.NONE,
        "Medication errors": ItemKind.NONE,
    }
    assert _item(edition, "Discharges before noon").assurance_icon == "consistent_fail"


def test_a_future_cut_off_is_refused(personas):
    world = reporting_world(personas)
    with pytest.raises(PeriodError, match="not over yet"):
        _open(world, personas, period=dt.date(2026, 1, 1))
    assert not world.report.editions.exists()


@pytest.mark.parametrize("text", ["2026-13", "March 2026", "", "2026-3x"])
def test_an_unreadable_period_is_refused(text):
    with pytest.raises(PeriodError, match="year and month"):
        parse_month(text)


def test_the_cut_off_is_the_last_day_of_the_month():
    assert cutoff_for(dt.date(2024, 2, 1), dt.date(2024, 3, 1)) == dt.date(2024, 2, 29)


def test_an_edition_of_a_report_with_an_empty_section_is_refused_naming_it(personas):
    world = reporting_world(personas)
    Section.objects.create(report=world.report, kind="cqc", cqc_question="caring", order=9)
    with pytest.raises(EmptySectionError, match='"Caring" has no metrics'):
        _open(world, personas)
    assert not world.report.editions.exists()
