"""A report's schedule: the draft opens by itself on its day, and late owners are reminded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from qls.reports import workflow
from qls.reports.forms import ReportForm
from qls.reports.models import Edition, ItemKind, NarrativeReminder, Report
from qls.reports.schedule import run_schedule, send_narrative_reminders
from tests.factories.organisation import StaffMemberFactory
from tests.factories.reports import NARRATIVE, reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
OPENING_DAY = dt.date(2026, 1, 5)


@pytest.fixture
def world(personas):
    world = reporting_world(personas)
    world.report.opens_on_day = 5
    world.report.narratives_due_days = 10
    world.report.save()
    return world


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the schedule as the daily job does, sending its mail."""

    def run_on(day: dt.date):
        with django_capture_on_commit_callbacks(execute=True):
            return run_schedule(today=day)

    return run_on


def test_nothing_opens_before_the_reports_day(world, run):
    opened = run(OPENING_DAY - dt.timedelta(days=1)).opened
    assert opened == []
    assert not Edition.objects.exists()
    assert mail.outbox == []


def test_the_draft_of_the_month_just_ended_opens_on_the_day_and_emails_owners(world, run):
    opened = run(OPENING_DAY).opened
    edition = Edition.objects.get()
    assert opened == [edition]
    assert edition.period == DECEMBER
    assert edition.cutoff == dt.date(2025, 12, 31)
    assert edition.status == "draft"
    assert edition.created_by is None
    assert edition.narratives_due == dt.date(2026, 1, 15)
    assert edition.items.filter(kind=ItemKind.EXCEPTION).count() == 2
    assert [m.to for m in mail.outbox] == [[world.owner.email]]
    assert f"/reports/editions/{edition.pk}/" in mail.outbox[0].body


def test_running_twice_opens_nothing_more(world, run):
    run(OPENING_DAY)
    again = run(OPENING_DAY)
    later = run(OPENING_DAY + dt.timedelta(days=6))
    assert again.opened == []
    assert later.opened == []
    assert Edition.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_month_that_already_has_an_edition_is_skipped(world, personas, run):
    workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=dt.date(2026, 1, 2)
    )
    assert run(OPENING_DAY).opened == []
    assert Edition.objects.count() == 1


def test_a_missed_day_is_made_up_later_in_the_month(world, run):
    assert run(dt.date(2026, 1, 20)).opened[0].period == DECEMBER


def test_a_report_without_a_day_or_without_sections_never_opens(world, run):
    world.report.opens_on_day = None
    world.report.save()
    Report.objects.create(
        name="Empty", slug="empty", audience="board", executive_lead=world.lead, opens_on_day=1
    )
    assert run(OPENING_DAY).opened == []
    assert not Edition.objects.exists()


@pytest.fixture
def second_owner(world, personas):
    """Discharges before noon is owned by someone else (the analyst)."""
    other = StaffMemberFactory(user=personas["analyst"])
    rows = world.report.sections.get(cqc_question="responsive").metrics
    rows.filter(metric=world.failing.metric).update(owner=other)
    return other


def test_the_reminder_goes_three_days_before_due_only_to_owners_still_missing_one(
    world, second_owner, personas, run
):
    run(OPENING_DAY)
    edition = Edition.objects.get()
    falls = edition.items.get(metric_name="Falls with harm")
    workflow.save_narrative(item=falls, by=personas["lead"], **NARRATIVE)
    mail.outbox.clear()

    assert run(dt.date(2026, 1, 11)).reminded == 0
    assert mail.outbox == []

    assert run(dt.date(2026, 1, 12)).reminded == 1
    assert [m.to for m in mail.outbox] == [[second_owner.email]]
    assert "Discharges before noon" in mail.outbox[0].body
    assert "Falls with harm" not in mail.outbox[0].body
    assert "15 January 2026" in mail.outbox[0].body
    assert NarrativeReminder.objects.get().owner == second_owner


def test_each_owner_is_reminded_once_per_edition(world, second_owner, run):
    run(OPENING_DAY)
    mail.outbox.clear()
    assert run(dt.date(2026, 1, 12)).reminded == 2
    assert run(dt.date(2026, 1, 12)).reminded == 0
    assert run(dt.date(2026, 1, 13)).reminded == 0
    assert len(mail.outbox) == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        NarrativeReminder.objects.create(edition=Edition.objects.get(), owner=second_owner)


def test_no_reminder_once_every_narrative_is_written(world, personas, run):
    run(OPENING_DAY)
    edition = Edition.objects.get()
    for item in edition.items.filter(kind=ItemKind.EXCEPTION):
        workflow.save_narrative(item=item, by=personas["lead"], **NARRATIVE)
    mail.outbox.clear()
    assert send_narrative_reminders(today=dt.date(2026, 1, 12)) == 0
    assert mail.outbox == []


def test_an_edition_opened_by_hand_is_due_the_reports_days_later(world, personas):
    edition = workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=dt.date(2026, 1, 2)
    )
    assert edition.narratives_due == dt.date(2026, 1, 12)


@pytest.mark.parametrize("day", [0, 31, 29])
def test_an_opening_day_outside_1_to_28_is_refused_naming_the_field(world, day):
    data = {
        "name": world.report.name,
        "slug": world.report.slug,
        "audience": world.report.audience,
        "executive_lead": world.lead.staff_number,
        "opens_on_day": day,
        "narratives_due_days": 10,
    }
    form = ReportForm(data, instance=world.report)
    assert not form.is_valid()
    assert list(form.errors) == ["opens_on_day"]
    assert (
        "Day of the month the next draft opens must be from 1 to 28"
        in form.errors["opens_on_day"][0]
    )


@pytest.mark.parametrize("days", [3, 29])
def test_a_due_period_too_short_or_too_long_is_refused_naming_the_field(world, days):
    data = {
        "name": world.report.name,
        "slug": world.report.slug,
        "audience": world.report.audience,
        "executive_lead": world.lead.staff_number,
        "opens_on_day": 5,
        "narratives_due_days": days,
    }
    form = ReportForm(data, instance=world.report)
    assert list(form.errors) == ["narratives_due_days"]


def test_the_database_refuses_an_opening_day_of_31(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=world.report.pk).update(opens_on_day=31)


def test_an_analyst_sets_the_schedule_on_the_report_page(client, world, personas):
    client.force_login(personas["analyst"])
    url = reverse("reports:report_edit", args=[world.report.slug])
    data = {
        "name": world.report.name,
        "slug": world.report.slug,
        "audience": world.report.audience,
        "executive_lead": world.lead.staff_number,
        "opens_on_day": "31",
        "narratives_due_days": "7",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "must be from 1 to 28" in refused.content.decode()
    world.report.refresh_from_db()
    assert world.report.opens_on_day == 5
    assert world.report.narratives_due_days == 10

    response = client.post(url, {**data, "opens_on_day": "3"})
    assert response.status_code == 302
    world.report.refresh_from_db()
    assert (world.report.opens_on_day, world.report.narratives_due_days) == (3, 7)
    assert world.report.history.first().opens_on_day == 3
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "opens by itself on day 3 of each month" in page


def test_the_command_opens_what_is_due_and_says_so(
    world, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("open_due_reports", today="2026-01-05")
    out = capsys.readouterr().out
    assert "1 edition opened, 0 reminders sent." in out
    call_command("open_due_reports", today="2026-01-05")
    assert "0 editions opened" in capsys.readouterr().out
    assert Edition.objects.count() == 1


@pytest.mark.parametrize("today", ["2026-13-01", "next week", "2999-01-05"])
def test_the_command_refuses_a_bad_or_future_day(world, today):
    with pytest.raises(CommandError):
        call_command("open_due_reports", today=today)
    assert not Edition.objects.exists()


def test_the_periodic_job_runs_the_schedule(world):
    from django.utils import timezone

    from qls.reports.schedule import previous_month
    from qls.reports.tasks import open_due_reports

    world.report.opens_on_day = 1  # due whatever the day of the month
    world.report.save()
    assert open_due_reports.call_local() == {"opened": 1, "reminded": 0}
    assert Edition.objects.get().period == previous_month(timezone.localdate())
    assert open_due_reports.call_local()["opened"] == 0
