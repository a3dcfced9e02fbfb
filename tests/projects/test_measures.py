"""Measures linked to a QLS metric series: choosing one, reading its data, staying current."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.measurement.models import Level, Observation
from qls.projects import actions
from qls.projects.errors import ProjectError
from qls.projects.evidence_store import refresh_evidence, stored_evidence
from qls.projects.forms.measure import MeasureForm
from qls.projects.measure_analysis import analyse_measure
from qls.projects.measure_inputs import measure_rows
from qls.projects.models import PDSACycle
from qls.projects.paste import Row
from tests.factories.measurement import MetricFactory, SeriesFactory
from tests.factories.organisation import WardFactory
from tests.factories.projects import MeasureFactory, ProjectFactory, change_idea

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 6)
VALUES = [
    10,
    11,
    9,
    10,
    12,
    10,
    9,
    11,
    10,
    10,
    11,
    9,
    10,
    12,
    10,
    9,
    11,
    10,
    10,
    11,
    6,
    7,
    5,
    6,
    6,
    7,
    5,
    6,
]


def _ward_series(metric, ward, values=VALUES):
    series = SeriesFactory(metric=metric, level=Level.WARD, site=ward.site, ward=ward)
    Observation.objects.bulk_create(
        Observation(series=series, period=START + dt.timedelta(weeks=i), value=v)
        for i, v in enumerate(values)
    )
    return series


def _form_data(**extra):
    return {"kind": "outcome", "name": "Falls", "improvement_direction": "increase", "chart_type": "xmr",
            "frequency": "month", "source": "metric", **extra}  # fmt: skip


def test_choosing_a_metric_and_ward_links_its_series_and_takes_its_definition():
    metric = MetricFactory(
        chart_type="xmr", frequency="week", improvement_direction="decrease", target=8
    )
    ward = WardFactory()
    series = _ward_series(metric, ward)
    form = MeasureForm(_form_data(metric=metric.pk, metric_ward=ward.pk))
    assert form.is_valid(), form.errors
    fields = form.measure_fields()
    assert fields["series"] == series
    assert (fields["chart_type"], fields["frequency"], fields["improvement_direction"], fields["target"]) == (
        "xmr", "week", "decrease", 8,
    )  # fmt: skip


def test_a_metric_with_no_data_at_that_place_is_refused_by_name():
    metric = MetricFactory(name="Pressure ulcers")
    ward = WardFactory(name="Ash Ward")
    form = MeasureForm(_form_data(metric=metric.pk, metric_ward=ward.pk))
    assert not form.is_valid()
    assert form.errors["metric"] == ["QLS holds no data for Pressure ulcers at Ash Ward yet"]


def test_a_linked_measure_reads_the_series_and_takes_no_entered_data():
    metric = MetricFactory(chart_type="xmr")
    series = _ward_series(metric, WardFactory())
    measure = MeasureFactory(series=series)
    assert [r.value for r in measure_rows(measure)] == VALUES
    with pytest.raises(ProjectError, match="QLS metric series"):
        actions.save_values(measure=measure, rows=[Row(START, 1.0)])


def test_a_linked_rate_is_charted_per_its_multiplier():
    metric = MetricFactory(chart_type="u", multiplier=1000)
    series = SeriesFactory(metric=metric)
    Observation.objects.bulk_create(
        Observation(
            series=series,
            period=START + dt.timedelta(weeks=i),
            value=v * 1000 / 200,
            numerator=v,
            denominator=200,
        )
        for i, v in enumerate([3, 4, 2, 5, 3])
    )
    measure = MeasureFactory(series=series, chart_type="u")
    analysis = analyse_measure(measure)
    assert [round(r["y"], 6) for r in analysis.rows] == [15.0, 20.0, 10.0, 25.0, 15.0]


def test_evidence_is_refreshed_when_the_linked_series_gets_new_data():
    from qls.measurement import spc_cache

    metric = MetricFactory(chart_type="xmr", improvement_direction="decrease")
    series = _ward_series(metric, WardFactory(), VALUES[:20])
    project = ProjectFactory()
    measure = MeasureFactory(project=project, series=series)
    idea = change_idea(project)
    PDSACycle.objects.create(change_idea=idea, number=1, plan_what="x", prediction="y",
                             act_decision="adopt", ended_on=START + dt.timedelta(weeks=20))  # fmt: skip
    assert not refresh_evidence(measure).found
    Observation.objects.bulk_create(
        Observation(series=series, period=START + dt.timedelta(weeks=20 + i), value=v)
        for i, v in enumerate(VALUES[20:])
    )
    # The import path: the series' SPC is recomputed, and measurement says so.
    spc_cache.recompute_series([series.pk])
    measure.refresh_from_db()
    assert stored_evidence(measure).found


def test_a_hand_edited_observation_refreshes_the_linked_measure(
    django_capture_on_commit_callbacks,
):
    # One transaction, as a form's: saving the metric already queued its recompute,
    # and the hand-edited observations join that one recompute at the commit.
    with django_capture_on_commit_callbacks(execute=True):
        metric = MetricFactory(chart_type="xmr", improvement_direction="decrease")
        series = _ward_series(metric, WardFactory(), VALUES[:20])
        project = ProjectFactory()
        measure = MeasureFactory(project=project, series=series)
        idea = change_idea(project)
        PDSACycle.objects.create(change_idea=idea, number=1, plan_what="x", prediction="y",
                                 act_decision="adopt", ended_on=START + dt.timedelta(weeks=20))  # fmt: skip
        assert not refresh_evidence(measure).found
        for i, v in enumerate(VALUES[20:]):
            Observation.objects.create(
                series=series, period=START + dt.timedelta(weeks=20 + i), value=v
            )
    measure.refresh_from_db()
    assert stored_evidence(measure).found


def test_showing_a_measure_writes_nothing(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    metric = MetricFactory(chart_type="xmr", improvement_direction="decrease")
    series = _ward_series(metric, WardFactory(), VALUES)
    project = ProjectFactory()
    measure = MeasureFactory(project=project, series=series)
    idea = change_idea(project)
    PDSACycle.objects.create(change_idea=idea, number=1, plan_what="x", prediction="y",
                             act_decision="adopt", ended_on=START + dt.timedelta(weeks=20))  # fmt: skip
    client.force_login(personas["admin"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(measure.get_absolute_url())
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []


def test_the_measure_page_of_a_linked_series_has_no_data_entry(client, personas):
    metric = MetricFactory(chart_type="xmr")
    series = _ward_series(metric, WardFactory())
    measure = MeasureFactory(series=series)
    client.force_login(personas["admin"])
    html = client.get(measure.get_absolute_url()).content.decode()
    assert metric.name in html
    assert "Paste data" not in html
    assert (
        client.get(
            reverse("projects:measure_paste", args=[measure.project_id, measure.pk])
        ).status_code
        == 404
    )


def test_chart_events_are_adoptions_cycles_and_approved_stage_changes():
    from qls.projects.charts import chart_events
    from qls.projects.models import StageChange

    project = ProjectFactory()
    idea = change_idea(project, "Bay nursing")
    PDSACycle.objects.create(change_idea=idea, number=1, plan_what="x", prediction="y",
                             started_on=START, act_decision="adopt", ended_on=START + dt.timedelta(weeks=3))  # fmt: skip
    PDSACycle.objects.create(change_idea=idea, number=2, plan_what="x", prediction="y",
                             started_on=START + dt.timedelta(weeks=5))  # fmt: skip
    approved = StageChange.objects.create(
        project=project, from_stage="scoping", to_stage="testing", status="approved"
    )
    StageChange.objects.create(project=project, from_stage="testing", to_stage="implementing")
    when = dt.datetime(2025, 1, 8, 12, tzinfo=dt.UTC)
    StageChange.objects.filter(pk=approved.pk).update(at=when)
    events = chart_events(project)
    assert [(e["x"], e["label"], e["kind"]) for e in events] == [
        ("2025-01-08", "Stage: Testing", "Stage change"),
        ("2025-01-27", "Adopted: Bay nursing", "Change adopted"),
        ("2025-02-10", "PDSA 2: Bay nursing", "PDSA cycle"),
    ]
