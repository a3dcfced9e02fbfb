"""The life of an edition: narratives, approval by the executive lead, publishing, corrections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from qls.reports import workflow
from qls.reports.errors import (
    DuplicateEditionError,
    MissingNarrativesError,
    NotApproverError,
    PublishedEditionError,
)
from qls.reports.models import Edition, EditionStatus, ItemKind, Narrative
from tests.factories.reports import NARRATIVE, reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def world(personas):
    return reporting_world(personas)


@pytest.fixture
def draft(world, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return workflow.open_edition(
            report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
        )


def _write_all(edition, by):
    for item in edition.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=by, **NARRATIVE)


def test_opening_a_draft_emails_each_owner_a_link_once(draft, world):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.owner.email]
    assert f"/reports/editions/{draft.pk}/" in message.body
    assert "Falls with harm" in message.body
    assert "Discharges before noon" in message.body


def test_a_second_edition_for_the_same_month_is_refused(draft, world, personas):
    with pytest.raises(DuplicateEditionError):
        workflow.open_edition(
            report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
        )


def test_publishing_with_missing_narratives_is_refused_with_the_list(draft, personas):
    falls = draft.items.get(metric_name="Falls with harm")
    workflow.save_narrative(item=falls, by=personas["lead"], **NARRATIVE)
    with pytest.raises(MissingNarrativesError) as refused:
        workflow.publish(edition=draft, by=personas["executive"])
    assert refused.value.missing == ["Discharges before noon at Trust (" + draft.items.get(
        metric_name="Discharges before noon").owner.full_name + ")"]  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == EditionStatus.DRAFT


def test_a_half_written_narrative_is_still_missing(draft, personas):
    falls = draft.items.get(metric_name="Falls with harm")
    workflow.save_narrative(item=falls, by=personas["lead"], chart_shows="It rose.")
    assert any("Falls with harm" in m for m in workflow.missing_narratives(draft))


def test_a_narrative_with_an_nhs_number_is_refused_naming_the_field(draft, personas):
    falls = draft.items.get(metric_name="Falls with harm")
    with pytest.raises(ValidationError) as refused:
        workflow.save_narrative(
            item=falls, by=personas["lead"], **{**NARRATIVE, "why": "Patient 943 476 5919 fell."}
        )
    assert "why" in refused.value.message_dict
    assert "NHS number" in refused.value.message_dict["why"][0]
    assert not Narrative.objects.exists()


def test_only_the_executive_lead_or_an_admin_approves(draft, personas):
    _write_all(draft, personas["lead"])
    workflow.mark_complete(edition=draft, by=personas["improvement"])
    for who in ("improvement", "analyst", "lead", "staff"):
        with pytest.raises(NotApproverError):
            workflow.approve(edition=draft, by=personas[who])
    workflow.approve(edition=draft, by=personas["executive"])
    draft.refresh_from_db()
    assert draft.status == EditionStatus.APPROVED
    assert draft.approved_by == personas["executive"]
    assert draft.approved_by_name == personas["executive"].get_full_name()
    assert draft.approved_at is not None


def test_an_admin_may_approve_in_the_leads_place(draft, personas):
    _write_all(draft, personas["lead"])
    workflow.mark_complete(edition=draft, by=personas["improvement"])
    workflow.approve(edition=draft, by=personas["admin"])
    assert Edition.objects.get(pk=draft.pk).approved_by == personas["admin"]


def test_the_whole_cycle_is_kept_in_the_audit_history(draft, personas):
    _write_all(draft, personas["lead"])
    workflow.mark_complete(edition=draft, by=personas["improvement"])
    workflow.approve(edition=draft, by=personas["executive"])
    workflow.publish(edition=draft, by=personas["executive"])
    statuses = list(draft.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-3:] == ["complete", "approved", "published"]
    assert Narrative.history.count() == 2


def test_nobody_changes_a_published_edition(draft, personas):
    _write_all(draft, personas["lead"])
    workflow.mark_complete(edition=draft, by=personas["improvement"])
    workflow.approve(edition=draft, by=personas["executive"])
    workflow.publish(edition=draft, by=personas["executive"])
    falls = draft.items.get(metric_name="Falls with harm")
    with pytest.raises(PublishedEditionError):
        workflow.save_narrative(item=falls, by=personas["lead"], **NARRATIVE)
    with pytest.raises(PublishedEditionError):
        workflow.refresh_snapshot(edition=draft, by=personas["improvement"])


def test_a_correction_is_a_new_version_and_both_are_kept(draft, personas):
    _write_all(draft, personas["lead"])
    workflow.mark_complete(edition=draft, by=personas["improvement"])
    workflow.approve(edition=draft, by=personas["executive"])
    workflow.publish(edition=draft, by=personas["executive"])
    copy = workflow.correct(
        edition=draft, by=personas["improvement"], reason="The falls owner was misnamed."
    )
    assert (copy.version, copy.status, copy.correction_of_id) == (2, "draft", draft.pk)
    assert copy.items.count() == draft.items.count() == 5
    assert Narrative.objects.filter(item__edition=copy).count() == 2
    draft.refresh_from_db()
    assert draft.status == EditionStatus.PUBLISHED


def test_a_correction_needs_a_reason(draft, personas):
    _write_all(draft, personas["lead"])
    workflow.mark_complete(edition=draft, by=personas["improvement"])
    workflow.approve(edition=draft, by=personas["executive"])
    workflow.publish(edition=draft, by=personas["executive"])
    with pytest.raises(ValidationError):
        workflow.correct(edition=draft, by=personas["improvement"], reason="  ")
    assert Edition.objects.count() == 1


def test_a_new_consistent_pass_is_good_news_only_the_first_time(world, personas):
    from qls.measurement.models import Metric
    from qls.measurement.spc_cache import recompute_metric

    Metric.objects.filter(pk=world.failing.metric_id).update(target=1)
    recompute_metric(world.failing.metric_id)
    november = workflow.open_edition(
        report=world.report, period=dt.date(2025, 11, 1), by=personas["improvement"], today=TODAY
    )
    item = november.items.get(metric_name="Discharges before noon")
    assert (item.assurance_icon, item.kind) == ("consistent_pass", ItemKind.IMPROVEMENT)
    Edition.objects.filter(pk=november.pk).update(
        status=EditionStatus.PUBLISHED, approved_at=november.created_at
    )
    december = workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
    )
    assert december.items.get(metric_name="Discharges before noon").kind == ItemKind.NONE
