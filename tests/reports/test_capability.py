"""The improvement and capability section: counted at the cut-off, frozen with the edition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.html import escape

from qls.organisation.models import StrategicAim
from qls.projects.models import ProgressScore, Project
from qls.reports import workflow
from qls.reports.capability.accreditation import NOT_AUDITED, accreditation_at
from qls.reports.capability.evidence import Memo, new_evidence
from qls.reports.capability.evidence_rows import rows_for
from qls.reports.capability.projects import projects_at, stages_at
from qls.reports.capability.section import section_at
from qls.reports.capability.wards import ward_programme_at
from qls.reports.models import Edition, EditionStatus
from tests.factories.capability import CourseFactory
from tests.factories.projects import MeasureFactory
from tests.factories.reports import reporting_world
from tests.factories.reports_capability import (
    at,
    completed,
    improving_project,
    moved,
    registered,
    ward_programme,
)

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
CUTOFF = dt.date(2025, 12, 31)
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def world(personas):
    return reporting_world(personas)


def _open(world, personas, period=DECEMBER) -> Edition:
    return workflow.open_edition(
        report=world.report, period=period, by=personas["improvement"], today=TODAY
    )


# ---------------------------------------------------------------- counted at the cut-off


def test_staff_trained_are_counted_up_to_the_cut_off_not_today(world):
    fundamentals = CourseFactory(fundamentals=True)
    practitioner = CourseFactory(practitioner=True)
    completed(fundamentals, dt.date(2025, 10, 2), dt.date(2025, 11, 6), dt.date(2025, 11, 7))
    completed(fundamentals, dt.date(2025, 12, 4), dt.date(2025, 12, 31))
    completed(fundamentals, dt.date(2026, 1, 8), dt.date(2026, 1, 9))  # after the cut-off
    completed(practitioner, dt.date(2025, 12, 12))

    trained = {row["kind"]: row for row in section_at(DECEMBER, CUTOFF)["training"]}

    assert trained["fundamentals"]["in_month"] == 2
    assert trained["fundamentals"]["total"] == 5
    assert trained["fundamentals"]["points"] == [
        ["2025-10-01", 1],
        ["2025-11-01", 2],
        ["2025-12-01", 2],
    ]
    assert trained["practitioner"]["total"] == trained["practitioner"]["in_month"] == 1
    # The trajectory starts at the first cohort, sized to the workforce, as on the
    # training report.
    assert trained["fundamentals"]["trajectory"] is not None


def test_projects_are_counted_by_aim_and_by_stage_as_at_the_cut_off(world):
    first, second = StrategicAim.objects.order_by("number")[:2]
    both = registered("Two aims", dt.date(2025, 6, 2), [first, second], stage="testing")
    moved(both, "idea", "scoping", dt.date(2025, 7, 1))
    moved(both, "scoping", "testing", dt.date(2026, 1, 10))  # after the cut-off
    registered("One aim", dt.date(2025, 10, 6), [first])
    registered("Too late", dt.date(2026, 1, 5), [first, second])

    projects = projects_at(CUTOFF)

    assert projects["total"] == 2
    by_aim = {row["aim"]: row["count"] for row in projects["by_aim"]}
    assert by_aim[str(first)] == 2
    assert by_aim[str(second)] == 1  # "Two aims" counts under both
    assert sum(by_aim.values()) == 3 > projects["total"]
    by_stage = {row["stage"]: row["count"] for row in projects["by_stage"]}
    assert by_stage["scoping"] == 1  # testing only from January
    assert by_stage["idea"] == 1
    assert sum(by_stage.values()) == projects["total"]


def test_a_stage_is_the_one_before_the_first_later_change(world):
    project = registered("Moved late", dt.date(2025, 3, 3), [StrategicAim.objects.first()])
    Project.objects.filter(pk=project.pk).update(stage="implementing")
    moved(project, "testing", "implementing", dt.date(2026, 1, 2))

    assert stages_at([project], CUTOFF) == {project.pk: "testing"}


def test_new_evidence_in_the_month_is_named_with_its_suggested_score(world):
    project = improving_project("Night-time falls on O'Brien Ward")

    found = new_evidence(DECEMBER, CUTOFF)

    assert [p["title"] for p in found] == [project.title]
    assert found[0]["url"] == project.get_absolute_url()
    assert found[0]["measures"] == ["Falls per 1,000 bed days"]
    assert found[0]["score_confirmed"] is False
    # Not new in November (no December data by then), nor again in January.
    assert new_evidence(dt.date(2025, 11, 1), dt.date(2025, 11, 30)) == []
    assert new_evidence(dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == []


def test_months_counted_in_a_row_with_one_memo_give_the_same_answers(world):
    improving_project("Falls at night")
    months = [
        (dt.date(2025, m, 1), dt.date(2025, m + 1, 1) - dt.timedelta(days=1)) for m in (10, 11)
    ]
    months.append((DECEMBER, CUTOFF))
    memo = Memo()
    shared = [new_evidence(p, c, memo) for p, c in months]
    alone = [new_evidence(p, c) for p, c in months]
    assert shared == alone
    assert [len(found) for found in shared] == [0, 0, 1]


def test_measure_data_read_in_bulk_are_what_the_project_page_reads(world):
    from qls.projects import measure_inputs

    entered = improving_project("Falls at night").measures.get()
    linked = MeasureFactory(project=entered.project, series=world.concern, frequency="month")
    bulk = rows_for([entered, linked])
    assert bulk[entered.pk]
    assert bulk[linked.pk]
    assert bulk[entered.pk] == measure_inputs.measure_rows(entered)
    assert bulk[linked.pk] == measure_inputs.measure_rows(linked)


def test_the_score_shown_is_the_one_a_coach_confirmed_by_the_cut_off(world):
    project = improving_project("Falls at night")
    ProgressScore.objects.create(
        project=project,
        suggested=Decimal("2.5"),
        confirmed=Decimal("3.0"),
        reason="The ward audit shows the change held.",
        confirmed_at=at(dt.date(2025, 12, 20)),
    )
    ProgressScore.objects.create(
        project=project,
        suggested=Decimal("3.5"),
        confirmed=Decimal("3.5"),
        confirmed_at=at(dt.date(2026, 1, 10)),  # after the cut-off
    )

    [found] = new_evidence(DECEMBER, CUTOFF)

    assert found["score"] == "3.0"
    assert found["score_confirmed"] is True


def test_ward_programme_stages_and_accreditation_are_as_at_the_cut_off(world):
    ward_programme()

    wards = ward_programme_at(CUTOFF)
    waves = {w["number"]: w for w in wards["waves"]}
    stages = dict(zip(wards["stage_labels"], waves[1]["counts"], strict=True))
    assert stages == {"Planned": 1, "Diagnostic": 0, "Engagement": 1, "Action": 0, "Sustain": 0}
    assert (waves[1]["planned_started"], waves[1]["started"]) == (2, 1)
    assert (waves[2]["planned_started"], waves[2]["started"]) == (0, 0)
    assert (wards["wards"], wards["planned_started"], wards["started"]) == (3, 2, 1)

    levels = accreditation_at(CUTOFF)
    [riverside] = [s for s in levels["sites"] if s["site"] == "Riverside Hospital"]
    counted = dict(zip(levels["levels"], riverside["counts"], strict=True))
    assert counted["Silver"] == 1
    assert counted["Gold"] == 0
    assert counted[NOT_AUDITED] == 2
    assert riverside["wards"] == 3


# ---------------------------------------------------------------- frozen with the edition


def _publish(edition: Edition) -> None:
    Edition.objects.filter(pk=edition.pk).update(
        status=EditionStatus.PUBLISHED, approved_at=timezone.now(), published_at=timezone.now()
    )


def test_a_published_edition_keeps_its_counts_when_later_work_is_recorded(client, world, personas):
    course = CourseFactory(fundamentals=True)
    completed(course, dt.date(2025, 12, 3))
    aim = StrategicAim.objects.first()
    registered("Early mobility", dt.date(2025, 11, 3), [aim])
    edition = _open(world, personas)
    _publish(edition)
    frozen = Edition.objects.get(pk=edition.pk).capability
    assert frozen["projects"]["total"] == 1

    # Recorded after publishing, and dated inside the month: the live count moves…
    completed(course, dt.date(2025, 12, 10), dt.date(2025, 12, 11))
    registered("Late registration", dt.date(2025, 12, 15), [aim])
    assert projects_at(CUTOFF)["total"] == 2

    # …the edition does not.
    edition.refresh_from_db()
    assert edition.capability == frozen
    client.force_login(personas["staff"])
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "1 project registered by the cut-off" in page
    assert "Late registration" not in page


def test_refreshing_a_draft_counts_again_and_a_correction_keeps_the_section(world, personas):
    edition = _open(world, personas)
    assert edition.capability["projects"]["total"] == 0
    registered(
        "Registered late in the month", dt.date(2025, 12, 30), list(StrategicAim.objects.all()[:1])
    )
    workflow.refresh_snapshot(edition=edition, by=personas["improvement"])
    edition.refresh_from_db()
    assert edition.capability["projects"]["total"] == 1

    _publish(edition)
    edition.refresh_from_db()
    copy = workflow.correct(edition=edition, by=personas["improvement"], reason="Typo in a title.")
    assert copy.capability == edition.capability


def test_the_edition_page_shows_the_section_with_links_and_the_chart(client, world, personas):
    course = CourseFactory(fundamentals=True)
    completed(course, dt.date(2025, 10, 2), dt.date(2025, 11, 6), dt.date(2025, 12, 4))
    project = improving_project("Night-time falls on O'Brien Ward")
    edition = _open(world, personas)
    _publish(edition)

    client.force_login(personas["staff"])
    page = client.get(edition.get_absolute_url()).content.decode()

    assert 'href="#capability"' in page
    assert '<h2 id="capability">Improvement and capability</h2>' in page
    assert f'<a href="{project.get_absolute_url()}">{escape(project.title)}</a>' in page
    assert "(suggested by QLS, not yet confirmed)" in page
    assert "A project linked to two aims counts under each" in page
    assert 'src="data:image/svg+xml;base64,' in page  # the XmR chart, drawn on the server
    assert "QSIR Fundamentals completions per month" in page


def test_an_edition_frozen_without_the_section_says_so(client, world, personas):
    edition = _open(world, personas)
    Edition.objects.filter(pk=edition.pk).update(capability=None)
    client.force_login(personas["lead"])
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "frozen before QLS counted improvement and capability" in page
