"""Metric definitions: the analysts' form and its validation, rebase points."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.measurement.models import Metric, RebasePoint
from tests.factories.measurement import DatasetFactory, DatasetFieldFactory, MetricFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "code": "sepsis-screening",
        "name": "Sepsis screening",
        "definition": "Screened within an hour",
        "unit": "%",
        "chart_type": "p",
        "improvement_direction": "increase",
        "frequency": "month",
        "multiplier": "100",
        "strata": ["imd_quintile"],
        "active": "on",
        "record_date_column": "arrived",
        "record_org_unit_column": "ward_code",
        "record_filter": "eligible = 'Y'",
        "record_numerator": "CASE WHEN screened = 'Y' THEN 1 ELSE 0 END",
        "record_denominator": "1",
        "strata_column_imd_quintile": "imd",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def dataset():
    ds = DatasetFactory(slug="sepsis")
    for name in ("arrived", "ward_code", "eligible", "screened", "imd"):
        DatasetFieldFactory(dataset=ds, name=name)
    return ds


def test_analyst_defines_a_record_level_metric(client, personas, dataset):
    client.force_login(personas["analyst"])
    response = client.post(reverse("measurement:metric_create"), form_data(dataset=dataset.pk))
    assert response.status_code == 302
    metric = Metric.objects.get(code="sepsis-screening")
    assert metric.strata == ["imd_quintile"]
    assert metric.record_strata == {"imd_quintile": "imd"}
    assert metric.has_record_definition
    assert metric.history.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "Sepsis Screening"}, "code", "lower case letters"),
        ({"multiplier": "0"}, "multiplier", "above zero"),
        ({"multiplier": "1000"}, "multiplier", "use 1 or 100"),
        ({"record_denominator": ""}, "record_denominator", "needs a denominator"),
        ({"record_filter": "eligible = 'Y'; DROP TABLE x"}, "record_filter", "cannot contain"),
        ({"record_numerator": "read_csv('/etc/passwd')"}, "record_numerator", "cannot call"),
        ({"record_filter": "is_eligible = 'Y'"}, "record_filter", "not a column of the data set"),
        ({"record_date_column": "admitted"}, "record_date_column", "not a field of the data set"),
        ({"record_org_unit_column": ""}, "record_org_unit_column", "ward column"),
        ({"strata": []}, "strata_column_imd_quintile", "Tick IMD quintile"),
    ],
)
def test_metric_form_refuses_bad_definitions(client, personas, dataset, overrides, field, message):
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("measurement:metric_create"), form_data(dataset=dataset.pk, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Metric.objects.exists()


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("record_numerator", "\"read_csv\"('/etc/passwd')"),
        ("record_numerator", "CASE WHEN \"getenv\"('HOME') = '' THEN 1 ELSE 0 END"),
        ("record_filter", '"main"."read_text"(\'/etc/hostname\') IS NOT NULL'),
    ],
)
def test_a_quoted_function_name_is_refused_when_the_data_set_lists_no_fields(
    client, personas, field, text
):
    bare = DatasetFactory(slug="no-fields")
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("measurement:metric_create"), form_data(dataset=bare.pk, **{field: text})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "cannot call" in " ".join(errors.get(field, [])), errors
    assert not Metric.objects.exists()


def test_aggregated_only_metric_needs_no_record_definition(client, personas):
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("measurement:metric_create"),
        form_data(
            chart_type="c",
            multiplier="1",
            record_date_column="",
            record_org_unit_column="",
            record_filter="",
            record_numerator="",
            record_denominator="",
            strata_column_imd_quintile="",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert not Metric.objects.get().has_record_definition


def test_rebase_point_must_start_a_period_and_be_unique(client, personas):
    import datetime as dt

    from qls.measurement.models import Observation, Series

    metric = MetricFactory(code="falls", frequency="week")
    series = Series.objects.create(metric=metric, level="trust")
    Observation.objects.bulk_create(
        Observation(series=series, period=dt.date(2024, 5, 6) + dt.timedelta(weeks=i), value=1)
        for i in range(8)
    )
    client.force_login(personas["analyst"])
    url = reverse("measurement:rebase_add", args=["falls"])
    response = client.post(url, {"period": "2024-06-05", "reason": "New bundle"})
    assert response.status_code == 400
    assert "choose a Monday" in response.content.decode()
    assert client.post(url, {"period": "2024-06-03", "reason": "New bundle"}).status_code == 302
    again = client.post(url, {"period": "2024-06-03", "reason": "Again"})
    assert "already rebased" in again.content.decode()
    point = RebasePoint.objects.get(metric=metric)
    assert point.created_by == personas["analyst"]
    page = client.get(metric.get_absolute_url()).content.decode()
    assert "New bundle" in page


def test_trajectory_targets_must_start_a_period_and_be_unique(client, personas):
    from qls.measurement.models import MetricTrajectory

    metric = MetricFactory(code="falls", frequency="month", improvement_direction="decrease")
    client.force_login(personas["analyst"])
    url = reverse("measurement:trajectory_add", args=["falls"])
    bad = client.post(url, {"period": "2024-06-03", "target": "4"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "There is a problem" in page
    assert "choose the 1st of a month" in page
    assert (
        "Enter a number"
        in client.post(url, {"period": "2024-06-01", "target": "x"}).content.decode()
    )
    assert not MetricTrajectory.objects.exists()
    assert client.post(url, {"period": "2024-06-01", "target": "4"}).status_code == 302
    again = client.post(url, {"period": "2024-06-01", "target": "3"})
    assert "already has a target from that period" in again.content.decode()
    assert list(metric.trajectory.values_list("target", flat=True)) == [4.0]
    page = client.get(metric.get_absolute_url()).content.decode()
    assert 'Remove<span class="nhsuk-u-visually-hidden"> the target from 1 Jun 2024' in page


def test_metric_list_searches_name_and_code(client, personas):
    MetricFactory(code="falls", name="Inpatient falls")
    MetricFactory(code="c-diff", name="C. difficile infections")
    client.force_login(personas["staff"])
    response = client.get(reverse("measurement:metrics"), {"q": "falls"})
    assert [m.code for m in response.context["page"].object_list] == ["falls"]
