"""The demo trust's text, and every earlier version in its history, holds no patient identifier."""

from __future__ import annotations

import pytest

from qls.core import redaction
from qls.demo.build import build_demo

pytestmark = pytest.mark.django_db


def test_demo_text_and_history_hold_no_patient_identifier():
    build_demo(staff_count=300, log=lambda _: None)
    scanned = redaction.scanned_models()
    assert len(scanned) > 30  # the scan reaches every area, not an empty list
    hits = [hit.where for hit in redaction.scan()]
    assert hits == []
