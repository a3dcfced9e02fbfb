"""A person imports observations for their own organisation only.

A file or an API push naming another organisation's unit (a partner's site or
ward, or the host trust's code, sites and wards) is refused whole: the
refusal names the first such line and the unit, and not one observation is
written. A file of the person's own units imports as before, and an import
nobody made (a scheduled source) is not limited.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from qls.measurement.importing import import_path
from qls.measurement.models import ImportKind, ImportStatus, Level, Observation, Series
from tests.factories.organisation import StaffMemberFactory
from tests.measurement.api_data import bearer
from tests.measurement.tenancy_data import build

pytestmark = pytest.mark.django_db

HEADER = "metric,org_unit,period,value\n"
PERIOD = dt.date(2024, 4, 8)  # a Monday after the world's weeks


@pytest.fixture
def world(personas):
    """The three organisations; the analyst persona works at MHT."""
    found = build(personas, viewers=())
    StaffMemberFactory(user=personas["analyst"], organisation=found["mht"], ward=None)
    return found


def write(tmp_path: Path, *units: str) -> Path:
    """An aggregated file with one row per unit, each its own week."""
    path = tmp_path / "observations.csv"
    rows = [f"falls,{unit},2024-04-{8 + 7 * i:02d},{i + 1}\n" for i, unit in enumerate(units)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_a_file_naming_another_organisations_unit_is_refused_with_its_line(
    tmp_path, world, personas
):
    before = Observation.objects.count()
    path = write(tmp_path, "MHT-01", "mht-w1", "EEMHC-01", "S1")
    imp = import_path(path, kind=ImportKind.AGGREGATED, by=personas["analyst"])
    assert imp.status == ImportStatus.FAILED
    assert imp.error == (
        "Line 4: unit EEMHC-01 belongs to Estuary Minds; you may import data for "
        "Mind & Body Trust only. Nothing was imported."
    )
    # Every such row is listed, the host trust's site too.
    assert [(row["line"], row["reason"].split(";")[0]) for row in imp.rejected_rows] == [
        (4, "unit EEMHC-01 belongs to Estuary Minds"),
        (5, "unit S1 belongs to Test Hospitals NHS Trust"),
    ]
    assert imp.rows_out == 0
    assert Observation.objects.count() == before


def test_the_host_trusts_code_is_the_host_trusts_alone(tmp_path, world, personas):
    before = Observation.objects.count()
    imp = import_path(
        write(tmp_path, world["trust"].code), kind=ImportKind.AGGREGATED, by=personas["analyst"]
    )
    assert imp.status == ImportStatus.FAILED
    assert imp.error.startswith(f"Line 2: unit {world['trust'].code} belongs to Test Hospitals")
    assert Observation.objects.count() == before


def test_a_file_of_the_organisations_own_units_imports(tmp_path, world, personas):
    before = Observation.objects.count()
    imp = import_path(
        write(tmp_path, "MHT-01", "MHT-W1"), kind=ImportKind.AGGREGATED, by=personas["analyst"]
    )
    assert imp.status == ImportStatus.SUCCEEDED, imp.error
    assert imp.rows_out == 2
    assert Observation.objects.count() == before + 2
    mine = Observation.objects.filter(source_import=imp)
    assert {(o.series.site.code, o.series.level) for o in mine} == {
        ("MHT-01", "site"),
        ("MHT-01", "ward"),
    }


def test_host_staff_may_not_import_a_partners_units(tmp_path, world, personas):
    imp = import_path(
        write(tmp_path, "S1", "MHT-01"), kind=ImportKind.AGGREGATED, by=personas["admin"]
    )
    assert imp.status == ImportStatus.FAILED
    assert imp.error == (
        "Line 3: unit MHT-01 belongs to Mind & Body Trust; you may import data for "
        "Test Hospitals NHS Trust only. Nothing was imported."
    )


def test_an_import_nobody_made_is_not_limited(tmp_path, world):
    imp = import_path(write(tmp_path, "MHT-01", "EEMHC-01", "S1"), kind=ImportKind.AGGREGATED)
    assert imp.status == ImportStatus.SUCCEEDED, imp.error
    assert imp.rows_out == 3


def test_a_push_naming_another_organisations_unit_is_refused_and_writes_nothing(
    client, world, personas
):
    before = Observation.objects.count()
    body = {
        "observations": [
            {"metric": "falls", "org_unit": "MHT-01", "period": "2024-04-08", "value": 2},
            {"metric": "falls", "org_unit": "EEMHC-01", "period": "2024-04-08", "value": 2},
        ]
    }
    response = client.post(
        "/api/observations",
        body,
        content_type="application/json",
        headers=bearer(personas["analyst"]),
    )
    assert response.status_code == 400, response.json()
    answer = response.json()
    assert answer["error"].startswith("Line 2: unit EEMHC-01 belongs to Estuary Minds")
    assert answer["rejected_rows"][0]["line"] == 2
    assert answer["rows_out"] == 0
    assert Observation.objects.count() == before

    own = {"observations": body["observations"][:1]}
    accepted = client.post(
        "/api/observations",
        own,
        content_type="application/json",
        headers=bearer(personas["analyst"]),
    )
    assert accepted.status_code == 201, accepted.json()
    assert Observation.objects.count() == before + 1


def test_a_partners_record_level_extract_is_refused(tmp_path, world, personas):
    from tests.factories.measurement import MetricFactory

    metric = MetricFactory(falls_rate=True)
    path = tmp_path / "falls.csv"
    path.write_text("day,ward,falls,bed_days\n2024-04-08,MHT-W1,1,20\n", encoding="utf-8")
    imp = import_path(path, kind=ImportKind.RECORD, metric=metric, by=personas["analyst"])
    assert imp.status == ImportStatus.FAILED
    assert "only the host trust imports them" in imp.error
    assert not Observation.objects.filter(series__metric=metric).exists()


def test_an_import_is_seen_within_its_organisation_only(client, tmp_path, world, personas):
    """Its rows and refusals are the organisation's data: the import page is a 404 elsewhere."""
    partners = import_path(
        write(tmp_path, "MHT-01"), kind=ImportKind.AGGREGATED, by=personas["analyst"]
    )
    hosts = import_path(write(tmp_path, "S1"), kind=ImportKind.AGGREGATED, by=personas["admin"])
    for person, own, other in (("analyst", partners, hosts), ("admin", hosts, partners)):
        client.force_login(personas[person])
        assert client.get(own.get_absolute_url()).status_code == 200
        assert client.get(other.get_absolute_url()).status_code == 404
        listed = client.get(reverse("measurement:imports")).context["page"].object_list
        assert [imp.pk for imp in listed] == [own.pk]


def test_the_host_trusts_extract_replaces_only_its_own_series(tmp_path, world, personas):
    """Re-importing a period from an extract clears the host trust's series of it, never a
    partner's series of the same metric."""
    from tests.factories.measurement import MetricFactory

    metric = MetricFactory(falls_rate=True)
    partners = Series.objects.create(metric=metric, level=Level.SITE, site=world["eem"].sites.get())
    Observation.objects.create(series=partners, period=PERIOD, value=5, numerator=1, denominator=1)
    path = tmp_path / "falls.csv"
    path.write_text("day,ward,falls\n2024-04-08,W1,1\n2024-04-09,W1,0\n", encoding="utf-8")
    imp = import_path(path, kind=ImportKind.RECORD, metric=metric, by=personas["admin"])
    assert imp.status == ImportStatus.SUCCEEDED, imp.error
    assert Observation.objects.filter(source_import=imp).exists()
    assert partners.observations.get(period=PERIOD).value == 5
