"""Observation imports refuse XLSX bombs with a message naming the limit,
write nothing, and read them in bounded memory."""

from __future__ import annotations

import tracemalloc

import pytest

from qls.measurement.importing import import_path
from qls.measurement.models import ImportStatus, Observation
from tests.core.xlsx_bombs import full_size_sheet, shared_strings_bomb
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def falls():
    trust_structure()
    return MetricFactory(code="falls")


def import_measured(path, **kwargs):
    tracemalloc.start()
    try:
        imp = import_path(path, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return imp, peak


@pytest.mark.parametrize("kind", ["aggregated", "record"])
def test_shared_text_bomb_is_refused_in_bounded_memory(tmp_path, falls, kind):
    path = tmp_path / "obs.xlsx"
    path.write_bytes(shared_strings_bomb(expanded_mb=200))
    imp, peak = import_measured(path, kind=kind, metric=falls)
    assert imp.status == ImportStatus.FAILED
    assert "shared text unpacks to 199.4 MB, over the limit of 20.0 MB" in imp.error
    assert not Observation.objects.exists()
    assert peak < 50 * MB, f"peak {peak / MB:.1f} MB"
    assert not list(tmp_path.glob("qls-xlsx-*"))


def test_full_size_sheet_is_refused_before_its_rows_are_read(tmp_path, falls):
    path = tmp_path / "obs.xlsx"
    path.write_bytes(full_size_sheet())
    imp, peak = import_measured(path, kind="aggregated")
    assert imp.status == ImportStatus.FAILED
    assert "1,048,576 rows, over the limit of 1,000,000 rows" in imp.error
    assert not Observation.objects.exists()
    assert peak < 50 * MB
