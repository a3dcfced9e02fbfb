"""The demo's failed standards: actions raised (one closed), a repeated failure, a project."""

from __future__ import annotations

import pytest

from qls.demo import steps as demo_steps
from qls.demo.context import DemoContext
from qls.demo.wards.build import reset_wards
from qls.demo.wards.standards import CALL_BELLS
from qls.wards.models import Action, StandardProject
from qls.wards.standards import audit_result, repeated_failures

pytestmark = pytest.mark.django_db


def test_the_demo_follows_up_failed_standards_and_resets_them():
    ctx = DemoContext(scale="standard", seed=3, staff_count=600, log=lambda _: None)
    for step in demo_steps.STEPS:
        if step.name in {"structure", "staff", "logins", "wards"}:
            step.build(ctx)
    sister = ctx.users["lead"].staff_member
    ward = sister.ward
    assert CALL_BELLS in [f.text for f in repeated_failures(ward)]
    from_audits = Action.objects.filter(audit_answer__isnull=False)
    assert from_audits.filter(status="done").count() >= 2
    assert from_audits.filter(owner=sister).exclude(status="done").exists()
    assert from_audits.filter(audit_answer__audit__ward=ward).count() == 3
    assert from_audits.exclude(audit_answer__audit__ward=ward).count() >= 5
    link = StandardProject.objects.select_related("audit_answer__audit").get()
    assert link.project.ward == ward
    # The latest audit shows the earlier closed action beside the call bells standard,
    # and the project beside the standard it was started from.
    result = audit_result(link.audit_answer.audit)
    bells = next(r for r in result.failed if r.question.text == CALL_BELLS)
    assert bells.closed_before is not None
    assert bells.repeated
    assert any(r.project == link.project for r in result.failed)

    reset_wards(ctx)
    assert not Action.objects.exists()
    assert not StandardProject.objects.exists()
