"""Rebasing with approval: an analyst proposes, the metric's owner decides, with reasons.

The series: twelve weeks around 10.5, then twelve around 4.5 (lower is
better), with a target of 8. Judged on limits across both halves
(about 4.8 to 10.2) the target is inside them; once the limits are
recalculated from the drop (about 1.8 to 7.2) the process meets it every
week.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from qls.measurement import rebasing, spc_cache
from qls.measurement.models import Observation, RebasePoint, Series
from tests.factories.accounts import PERSONAS, UserFactory
from tests.factories.measurement import MetricFactory
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db

FIRST = dt.date(2024, 1, 1)
WEEKS = [FIRST + dt.timedelta(weeks=i) for i in range(24)]
DROP = WEEKS[12]  # 25 Mar 2024
VALUES = [10.0, 11.0] * 6 + [4.0, 5.0] * 6


@pytest.fixture
def owner(personas):
    user = UserFactory(username="owner", roles=["Staff"], first_name="Olu", last_name="Owens")
    StaffMemberFactory(user=user, first_name="Olu", last_name="Owens")
    return user


@pytest.fixture
def metric(owner):
    metric = MetricFactory(
        code="falls",
        name="Inpatient falls",
        chart_type="xmr",
        frequency="week",
        improvement_direction="decrease",
        target=8.0,
        owner=owner.staff_member,
    )
    series = Series.objects.create(metric=metric, level="trust")
    Observation.objects.bulk_create(
        Observation(series=series, period=p, value=v) for p, v in zip(WEEKS, VALUES, strict=True)
    )
    spc_cache.recompute_metric(metric)
    return metric


def series_of(metric) -> Series:
    return Series.objects.get(metric=metric)


def propose(client, user, period=DROP, reason="New falls bundle on every ward"):
    client.force_login(user)
    return client.post(
        reverse("measurement:rebase_add", args=["falls"]),
        {"period": period.isoformat(), "reason": reason},
    )


def test_a_proposal_changes_nothing_until_the_owner_approves_it(client, personas, owner, metric):
    assert propose(client, personas["analyst"]).status_code == 302
    point = RebasePoint.objects.get()
    assert (point.status, point.created_by) == ("proposed", personas["analyst"])
    spc_cache.recompute_metric(metric)
    s = series_of(metric)
    assert s.spc_summary["n_segments"] == 1
    assert s.assurance_icon == "inconsistent"

    client.force_login(owner)
    decided = client.post(
        reverse("measurement:rebase_decide", args=["falls", point.pk]),
        {"decision": "approve", "reason": "The bundle started that week on every ward"},
    )
    assert decided.status_code == 302
    point.refresh_from_db()
    assert (point.status, point.decided_by) == ("approved", owner)
    assert point.decided_at is not None
    spc_cache.recompute_metric(metric)
    s = series_of(metric)
    assert s.spc_summary["n_segments"] == 2
    assert s.spc_summary["segment_start"] == "2024-03-25"
    # Lower is better and the target is above the new upper limit: met every week.
    assert s.assurance_icon == "consistent_pass"

    page = client.get(reverse("measurement:series_trust", args=["falls"])).content.decode()
    assert "Assurance judged on the limits from 25 Mar 2024" in page
    assert f"Proposed by {personas['analyst']}" in page
    assert "approved by Olu Owens" in page


def test_a_refused_proposal_keeps_the_charts_and_its_reason(client, personas, owner, metric):
    propose(client, personas["analyst"])
    point = RebasePoint.objects.get()
    client.force_login(owner)
    client.post(
        reverse("measurement:rebase_decide", args=["falls", point.pk]),
        {"decision": "refuse", "reason": "Only one ward has the bundle so far"},
    )
    point.refresh_from_db()
    assert point.status == "refused"
    assert point.decision_reason == "Only one ward has the bundle so far"
    assert point.history.first().history_change_reason.startswith("Refused: Only one ward")
    spc_cache.recompute_metric(metric)
    assert series_of(metric).spc_summary["n_segments"] == 1
    # Refused, the same period may be proposed again later.
    assert propose(client, personas["analyst"]).status_code == 302


def test_nobody_approves_their_own_proposal(client, personas, metric):
    analyst = personas["analyst"]
    StaffMemberFactory(user=analyst)
    metric.owner = analyst.staff_member
    metric.save()
    propose(client, analyst)
    point = RebasePoint.objects.get()
    url = reverse("measurement:rebase_decide", args=["falls", point.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve", "reason": "Mine"}).status_code == 403
    assert not rebasing.can_decide(analyst, point)
    point.refresh_from_db()
    assert point.status == "proposed"
    # The database refuses it too, whatever the caller.
    point.status, point.decided_by = "approved", analyst
    point.decided_at = point.created_at
    with pytest.raises(IntegrityError), transaction.atomic():
        point.save()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (WEEKS[0], "Choose a period inside the metric&#x27;s data: after 1 Jan 2024"),
        (WEEKS[-1] + dt.timedelta(weeks=1), "no later than 10 Jun 2024"),
        (dt.date(2023, 6, 5), "after 1 Jan 2024 and no later than 10 Jun 2024"),
    ],
)
def test_a_rebase_outside_the_series_is_refused(client, personas, metric, period, message):
    response = propose(client, personas["analyst"], period=period)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RebasePoint.objects.exists()


def test_a_rebase_without_a_reason_is_refused(client, personas, metric):
    response = propose(client, personas["analyst"], reason="   ")
    assert response.status_code == 400
    assert "Enter the reason: what changed in the process" in response.content.decode()
    assert not RebasePoint.objects.exists()


def test_a_decision_without_a_reason_is_refused(client, personas, owner, metric):
    propose(client, personas["analyst"])
    point = RebasePoint.objects.get()
    client.force_login(owner)
    url = reverse("measurement:rebase_decide", args=["falls", point.pk])
    response = client.post(url, {"decision": "approve", "reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the reason for your decision" in page
    assert "There is a problem" in page
    no_choice = client.post(url, {"reason": "Fine"})
    assert "Choose whether to approve or refuse the rebase" in no_choice.content.decode()
    point.refresh_from_db()
    assert point.status == "proposed"


def test_removing_a_rebase_needs_a_reason_kept_in_the_history(client, personas, owner, metric):
    point = RebasePoint.objects.create(
        metric=metric, period=DROP, reason="Bundle", created_by=personas["analyst"]
    )
    rebasing.decide(point=point, approve=True, reason="Agreed", by=owner)
    client.force_login(personas["analyst"])
    url = reverse("measurement:rebase_delete", args=["falls", point.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Enter the reason for removing the rebase" in refused.content.decode()
    assert RebasePoint.objects.filter(pk=point.pk).exists()
    assert client.post(url, {"reason": "Entered against the wrong week"}).status_code == 302
    assert not RebasePoint.objects.filter(pk=point.pk).exists()
    removal = RebasePoint.history.filter(id=point.pk, history_type="-").get()
    assert removal.history_change_reason == "Removed: Entered against the wrong week"
    assert removal.history_user == personas["analyst"]


def test_the_owner_sees_pending_proposals_on_the_metric_page(client, personas, owner, metric):
    propose(client, personas["analyst"])
    point = RebasePoint.objects.get()
    decide_url = reverse("measurement:rebase_decide", args=["falls", point.pk])
    client.force_login(owner)
    page = client.get(metric.get_absolute_url()).content.decode()
    assert "Proposals waiting for a decision" in page
    assert decide_url in page
    assert rebasing.pending_for(owner) == [point]
    client.force_login(personas["analyst"])
    page = client.get(metric.get_absolute_url()).content.decode()
    assert "Proposals waiting for a decision" in page
    assert decide_url not in page
    assert rebasing.pending_for(personas["analyst"]) == []


# ------------------------------------------------------------ permissions

DECIDERS = {"owner"}
REMOVERS = {"owner", "analyst", "admin"}


@pytest.mark.parametrize("persona", [*sorted(PERSONAS), "owner", "anonymous"])
def test_each_role_reaches_only_its_rebase_pages(client, personas, owner, metric, persona):
    point = RebasePoint.objects.create(
        metric=metric, period=DROP, reason="Bundle", created_by=personas["analyst"]
    )
    people = {**personas, "owner": owner}
    if persona != "anonymous":
        client.force_login(people[persona])
    decide = reverse("measurement:rebase_decide", args=["falls", point.pk])
    remove = reverse("measurement:rebase_delete", args=["falls", point.pk])
    for url, allowed in ((decide, DECIDERS), (remove, REMOVERS)):
        status = client.get(url).status_code
        if persona == "anonymous":
            assert status == 302, url
        else:
            assert status == (200 if persona in allowed else 403), (url, status)
    approved = client.post(decide, {"decision": "approve", "reason": "Agreed"})
    point.refresh_from_db()
    assert (point.status == "approved") == (persona in DECIDERS), approved.status_code


def test_the_api_lists_only_approved_rebases(client, personas, owner, metric):
    from tests.measurement.test_api import bearer

    propose(client, personas["analyst"])
    point = RebasePoint.objects.get()
    headers = bearer(personas["analyst"])
    listed = client.get("/api/metrics/falls", headers=headers).json()["rebase_points"]
    assert listed == []
    rebasing.decide(point=point, approve=True, reason="Agreed", by=owner)
    listed = client.get("/api/metrics/falls", headers=headers).json()["rebase_points"]
    assert [r["period"] for r in listed] == ["2024-03-25"]


def test_the_rebase_and_trajectory_periods_have_their_own_labels(client, personas, metric):
    client.force_login(personas["analyst"])
    page = client.get(metric.get_absolute_url()).content.decode()
    assert page.count('id="id_period"') == 1  # the trajectory's
    assert 'for="id_rebase_period"' in page
    assert page.count('id="id_rebase_period"') == 1
