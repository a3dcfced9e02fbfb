"""My work: the home page shows each person what is theirs to act on, in a
fixed number of queries whatever the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qls.capability.models import Enrolment, Participant, SurveyResponse
from qls.measurement.models import Import, ImportStatus
from qls.organisation.models import StaffMember
from qls.projects import actions as project_actions
from qls.projects.models import Measure, MeasureValue, Stage
from qls.wards.models import Action, Audit, Escalation
from tests.factories.capability import EnrolmentFactory
from tests.factories.measurement import DatasetFactory, MetricFactory
from tests.factories.organisation import WardFactory
from tests.factories.projects import MeasureFactory, ProjectFactory, project_with_team
from tests.factories.wards import AuditTemplateFactory, EngagementEventFactory, IssueFactory

pytestmark = pytest.mark.django_db

# Four for every page (session, user, permissions, and the unread count behind
# the forum bell in the header) and one for each section that applies to the
# person; the busiest role, the improvement team, has 12.
QUERY_BUDGET = 13


def _world(personas, size: int):
    """``size`` of everything: projects, waiting requests, actions, issues."""
    today = timezone.localdate()
    projects = []
    for n in range(size):
        first = n == 0 and not StaffMember.objects.filter(user=personas["lead"]).exists()
        project = project_with_team(personas) if first else ProjectFactory()
        if not first:
            project.members.create(staff=personas["lead"].staff_member, role="lead")
            project.members.create(staff=personas["coach"].staff_member, role="coach")
        project.stage = Stage.SCOPING
        project.save()
        project_actions.request_stage_change(
            project=project, to_stage=Stage.TESTING, by=personas["lead"]
        )
        measure = MeasureFactory(project=project, frequency=Measure.Frequency.WEEK)
        MeasureValue.objects.create(
            measure=measure, period=today - dt.timedelta(days=70 + today.weekday()), value=3
        )
        projects.append(project)
    lead = personas["lead"].staff_member
    event = EngagementEventFactory()
    ward = event.journey.ward
    ward.manager = lead
    ward.save()
    for n in range(size):
        issue = IssueFactory(event=event, text=f"Issue {n} about the sluice")
        action_issue = IssueFactory(event=event, text=f"Fix {n}")
        Action.objects.create(
            issue=action_issue, description=f"Fix the sluice door {n}", owner=lead,
            due=today + dt.timedelta(days=n - 1),
        )  # fmt: skip
        Escalation.objects.create(issue=IssueFactory(event=event), level="trust", owner=lead)
        del issue
        # Training: an offer, an enrolment with its sessions, a survey waiting.
        participant = Participant.objects.get_or_create(staff=lead)[0]
        EnrolmentFactory(
            participant=participant, status=Enrolment.Status.OFFERED, enrolled_at=None,
            offered_at=timezone.now(), offer_expires=timezone.now() + dt.timedelta(days=3),
        )  # fmt: skip
        booked = EnrolmentFactory(participant=participant)
        SurveyResponse.objects.create(enrolment=booked, phase="pre")
        # Data: a failed import and a data set late against its cadence.
        Import.objects.create(
            kind="aggregated", file_name=f"falls-{n}.csv", status=ImportStatus.FAILED,
            message="Line 4: the period 2026-13-01 is not a date",
        )  # fmt: skip
        MetricFactory(dataset=DatasetFactory(refresh_cadence="weekly", last_refreshed=None))
        # Accreditation: a ward audited long ago, due again.
        other_ward = WardFactory(site=ward.site, name=f"Ward audited {n}")
        Audit.objects.create(
            template=AuditTemplateFactory(), ward=other_ward, date=today - dt.timedelta(days=200),
            status=Audit.Status.SUBMITTED, score=80, submitted_at=timezone.now(),
        )  # fmt: skip
    return projects


WHO = ("lead", "coach", "improvement", "analyst", "admin", "staff")


def _counts(client, personas) -> dict[str, int]:
    counts = {}
    for who in WHO:
        client.force_login(personas[who])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("core:home"))
        assert response.status_code == 200
        counts[who] = len(queries)
    return counts


def test_my_work_costs_the_same_queries_whatever_the_data(client, personas):
    _world(personas, 1)
    few = _counts(client, personas)
    _world(personas, 7)
    many = _counts(client, personas)
    assert many == few
    assert max(many.values()) <= QUERY_BUDGET, many


def test_a_ward_sister_sees_her_projects_issues_and_actions(client, personas):
    projects = _world(personas, 3)
    client.force_login(personas["lead"])
    html = client.get(reverse("core:home")).content.decode()
    assert "<h1>My work</h1>" in html
    assert "My projects" in html
    assert projects[0].title in html
    assert "1 measure without data for 2 periods" in html
    assert "Issues from my ward&#x27;s events to sort" in html
    assert "Issue 0 about the sluice" in html
    assert "Ward actions I own" in html
    # The overdue action comes first and says so.
    first = html.index("Fix the sluice door 0")
    assert first < html.index("Fix the sluice door 1")
    assert "(overdue)" in html
    assert "Escalations I own" in html
    # Her own requests are not hers to approve.
    assert "Stage changes awaiting my approval" not in html


def test_the_coach_sees_the_requests_waiting_for_them(client, personas):
    projects = _world(personas, 2)
    client.force_login(personas["coach"])
    html = client.get(reverse("core:home")).content.decode()
    assert "Stage changes awaiting my approval" in html
    assert all(p.title in html for p in projects)
    assert "Scoping to Testing" in html
    assert "Ward actions I own" not in html  # sections with nothing in them are hidden


def test_someone_with_nothing_waiting_is_told_so_and_can_reach_the_overview(client, personas):
    client.force_login(personas["analyst"])
    html = client.get(reverse("core:home")).content.decode()
    assert "Nothing is waiting for you." in html
    overview = client.get(reverse("organisation:overview"))
    assert overview.status_code == 200
    assert "Our strategic aims" in overview.content.decode() or "at a glance" in (
        overview.content.decode()
    )


def test_executives_have_the_board_reports_tab(client, personas):
    client.force_login(personas["executive"])
    assert "Board reports" in client.get(reverse("organisation:overview")).content.decode()
    client.force_login(personas["staff"])
    assert (
        "Board reports</a></li>"
        not in client.get(reverse("organisation:overview")).content.decode()
    )


def test_training_data_and_audits_reach_the_people_who_act_on_them(client, personas):
    _world(personas, 2)
    client.force_login(personas["lead"])
    html = client.get(reverse("core:home")).content.decode()
    assert "My training" in html
    assert "is offered to you" in html
    assert "Self-efficacy survey before the course" in html
    assert "Next session:" in html
    client.force_login(personas["analyst"])
    html = client.get(reverse("core:home")).content.decode()
    assert "Imports that failed" in html
    assert "falls-0.csv" in html
    assert "Data late against its refresh cadence" in html
    assert "last refreshed never" in html
    client.force_login(personas["coach"])
    html = client.get(reverse("core:home")).content.decode()
    assert "Accreditation audits due" in html
    assert "Ward audited 0" in html
    assert "Overdue since" in html


def test_failed_imports_and_late_data_share_one_query_in_their_own_orders(personas):
    from qls.measurement.work import data_to_look_at

    now = timezone.now()
    for n in range(7):
        made = Import.objects.create(
            kind="aggregated", file_name=f"beds-{n}.csv", status=ImportStatus.FAILED,
            message="" if n == 6 else f"Line {n + 2}: the value is not a number",
            error="Line 9: the period is missing",
        )  # fmt: skip
        Import.objects.filter(pk=made.pk).update(created_at=now - dt.timedelta(hours=n))
    old = Import.objects.create(kind="aggregated", file_name="old.csv", status=ImportStatus.FAILED)
    Import.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=30))
    stale = DatasetFactory(
        name="Stale theatre data", refresh_cadence="weekly",
        last_refreshed=now - dt.timedelta(days=20),
    )  # fmt: skip
    never = DatasetFactory(name="Never loaded", refresh_cadence="monthly", last_refreshed=None)
    fresh = DatasetFactory(refresh_cadence="weekly", last_refreshed=now)
    for dataset in (stale, never, fresh):
        MetricFactory(dataset=dataset)

    personas["analyst"].get_all_permissions()  # read once per request, before any section
    with CaptureQueriesContext(connection) as queries:
        late, imports = data_to_look_at(personas["analyst"])
    assert len(queries) == 1

    assert imports.count == 7  # the month-old failure has left My work
    assert [item.text for item in imports.items] == [f"beds-{n}.csv" for n in range(5)]
    assert "Line 2: the value is not a number" in imports.items[0].detail
    assert late.count == 2
    assert [item.text for item in late.items] == ["Never loaded", "Stale theatre data"]
    assert "last refreshed never; feeds 1 metric" in late.items[0].detail
    assert late.items[1].detail.startswith("Weekly; last refreshed ")
    assert data_to_look_at(personas["staff"]) is None
