"""The reports demo step: two reports, twelve editions each, one draft waiting for two narratives."""

from __future__ import annotations

import pytest

from qls.demo import steps as demo_steps
from qls.demo.context import DemoContext
from qls.reports import workflow
from qls.reports.models import Edition, EditionFile, EditionStatus, Narrative, Report

pytestmark = pytest.mark.django_db


def test_demo_builds_two_reports_of_monthly_editions_and_resets_cleanly(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ctx = DemoContext(scale="standard", seed=3, staff_count=400, log=lambda _: None)
    wanted = {"structure", "staff", "logins", "measurement", "reports"}
    steps = [s for s in demo_steps.STEPS if s.name in wanted]
    for step in steps:
        step.build(ctx)
    assert Report.objects.count() == 2
    for report in Report.objects.all():
        editions = list(report.editions.order_by("period"))
        assert len(editions) == 12
        assert {e.status for e in editions[:-1]} == {EditionStatus.PUBLISHED}
        assert all(e.approved_by_name == "Helen Marsh" for e in editions[:-1])
        draft = editions[-1]
        assert draft.status == EditionStatus.DRAFT
        assert draft.items.count() == sum(s.metrics.count() for s in report.sections.all())
        assert all(not workflow.missing_narratives(e) for e in editions[:-1])
        # The latest published edition's spreadsheet is kept, ready to download.
        assert [(f.edition, f.format, f.ready) for f in EditionFile.objects.filter(
            edition__report=report
        )] == [(editions[-2], "xlsx", True)]  # fmt: skip
    committee = Report.objects.get(slug="qsc-iqr")
    draft = committee.editions.get(status=EditionStatus.DRAFT)
    assert len(workflow.missing_narratives(draft)) == 2
    assert Narrative.objects.filter(item__edition=draft).exists()
    next(s for s in steps if s.name == "reports").reset(ctx)
    assert not Edition.objects.exists()
    assert not EditionFile.objects.exists()
    assert not [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert not Report.history.exists()
