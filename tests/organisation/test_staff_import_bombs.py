"""Staff imports refuse XLSX bombs with a message naming the limit and write nothing."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from qls.organisation import errors
from qls.organisation.models import StaffImport, StaffMember
from qls.organisation.staff_import.importing import import_staff
from tests.core.xlsx_bombs import full_size_sheet, shared_strings_bomb

MB = 1024 * 1024


def refused_measured(data: bytes) -> tuple[errors.StaffImportError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(errors.MalformedFileError) as caught:
            import_staff(io.BytesIO(data), filename="staff.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not StaffMember.objects.exists()
    assert not StaffImport.objects.exists()
    return caught.value, peak


def test_shared_text_bomb_is_refused_in_bounded_memory(trust):
    error, peak = refused_measured(shared_strings_bomb(expanded_mb=200))
    assert "shared text unpacks to 199.4 MB, over the limit of 20.0 MB" in error.message
    assert peak < 50 * MB, f"peak {peak / MB:.1f} MB"


def test_full_size_sheet_is_refused_before_its_rows_are_read(trust):
    error, peak = refused_measured(full_size_sheet())
    assert "1,048,576 rows, over the limit of 1,000,000 rows" in error.message
    assert peak < 50 * MB
