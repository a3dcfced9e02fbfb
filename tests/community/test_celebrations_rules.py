"""The celebration's rules, as its actions keep them: submitting, judging, awards, seats."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from qls.community.celebrations import actions, queries
from qls.community.celebrations.errors import (
    AlreadyRegistered,
    AlreadySubmitted,
    AwardTaken,
    CelebrationError,
    NotAJudge,
    NotOnTheTeam,
    NotShortlisted,
    OwnProject,
    ScoreOutOfRange,
    SubmissionsClosed,
)
from qls.community.celebrations.models import Registration, Score, Submission, word_count
from qls.projects.models import ProjectMember
from tests.factories import celebrations as cel
from tests.factories.organisation import StaffMemberFactory
from tests.factories.projects import ProjectFactory, ProjectMemberFactory

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check
GOOD = {"problem": 4, "method": 3, "measurement": 5, "impact": 4, "spread": 2}


@pytest.fixture
def team():
    project = ProjectFactory(title="Fewer falls at night")
    lead = ProjectMemberFactory(project=project, role=ProjectMember.Role.LEAD).staff
    return project, lead


def _submit(event, project, by_staff, abstract="We tested rounding; falls fell.", **kw):
    return actions.submit(
        event=event,
        project=project,
        abstract=abstract,
        presenter=by_staff,
        by=None,
        submitter=by_staff,
        **kw,
    )


def test_a_team_member_submits_once_and_a_second_submission_is_refused(team):
    project, lead = team
    event = cel.EventFactory()
    sent = _submit(event, project, lead)
    assert sent.presenter == lead
    assert sent.project == project
    with pytest.raises(AlreadySubmitted, match="already submitted"):
        _submit(event, project, lead)
    assert Submission.objects.count() == 1


def test_someone_not_on_the_team_may_not_submit_it(team):
    project, _ = team
    outsider = StaffMemberFactory()
    coach = ProjectMemberFactory(project=project, role=ProjectMember.Role.COACH).staff
    event = cel.EventFactory()
    for person in (outsider, coach, None):
        with pytest.raises(NotOnTheTeam):
            _submit(event, project, person)
    assert not Submission.objects.exists()


def test_submitting_outside_the_window_is_refused(team):
    project, lead = team
    event = cel.EventFactory()
    with pytest.raises(SubmissionsClosed, match="takes submissions from"):
        _submit(event, project, lead, today=event.submissions_close + dt.timedelta(days=1))
    assert not Submission.objects.exists()


def test_an_abstract_over_300_words_is_refused_with_the_count(team):
    project, lead = team
    event = cel.EventFactory()
    words = " ".join(["improvement"] * 301)
    assert word_count(words) == 301
    with pytest.raises(CelebrationError, match=r"300 words or fewer \(it has 301\)"):
        _submit(event, project, lead, abstract=words)
    assert not Submission.objects.exists()
    _submit(event, project, lead, abstract=" ".join(["improvement"] * 300))


def test_an_abstract_holding_an_nhs_number_is_refused_naming_the_field(team):
    project, lead = team
    with pytest.raises(CelebrationError, match="Abstract"):
        _submit(cel.EventFactory(), project, lead, abstract=f"One patient, {NHS_NUMBER}, fell.")
    assert not Submission.objects.exists()


def test_a_judge_scores_and_may_revise_their_scores():
    sub = cel.SubmissionFactory()
    judge = cel.JudgeFactory(event=sub.event)
    row = actions.score(submission=sub, judge_staff=judge.staff, marks=GOOD)
    assert row.total == 18
    actions.score(submission=sub, judge_staff=judge.staff, marks={**GOOD, "spread": 5})
    assert Score.objects.get().total == 21


@pytest.mark.parametrize("bad", [0, 6, "", "3.5", "four", None, -1])
def test_a_score_outside_1_to_5_is_refused_naming_the_criterion(bad):
    sub = cel.SubmissionFactory()
    judge = cel.JudgeFactory(event=sub.event)
    with pytest.raises(ScoreOutOfRange, match="Measurement: give a whole number from 1 to 5"):
        actions.score(submission=sub, judge_staff=judge.staff, marks={**GOOD, "measurement": bad})
    assert not Score.objects.exists()


def test_the_database_refuses_a_score_off_the_scale_too():
    sub = cel.SubmissionFactory()
    judge = cel.JudgeFactory(event=sub.event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(submission=sub, judge=judge, **{**GOOD, "impact": 6})


def test_nobody_judges_a_project_they_belong_to_in_any_team_role():
    sub = cel.SubmissionFactory()
    for role in ProjectMember.Role.values:
        judge = cel.JudgeFactory(event=sub.event)
        ProjectMemberFactory(project=sub.project, staff=judge.staff, role=role)
        with pytest.raises(OwnProject, match="may not judge it"):
            actions.score(submission=sub, judge_staff=judge.staff, marks=GOOD)
    assert not Score.objects.exists()


def test_only_the_events_panel_scores():
    sub = cel.SubmissionFactory()
    elsewhere = cel.JudgeFactory()  # a judge of another event
    for person in (StaffMemberFactory(), elsewhere.staff, None):
        with pytest.raises(NotAJudge):
            actions.score(submission=sub, judge_staff=person, marks=GOOD)


def test_shortlisting_needs_a_score_and_an_award_needs_the_shortlist():
    sub = cel.SubmissionFactory()
    category = cel.AwardCategoryFactory(event=sub.event, name="Patient safety")
    with pytest.raises(NotShortlisted, match="Score a submission"):
        actions.set_shortlisted(submission=sub, shortlisted=True)
    with pytest.raises(NotShortlisted, match="shortlist it first"):
        actions.give_award(submission=sub, category=category)
    judge = cel.JudgeFactory(event=sub.event)
    actions.score(submission=sub, judge_staff=judge.staff, marks=GOOD)
    actions.set_shortlisted(submission=sub, shortlisted=True)
    won = actions.give_award(submission=sub, category=category)
    assert won.award == category
    with pytest.raises(NotShortlisted, match="stays on the shortlist"):
        actions.set_shortlisted(submission=sub, shortlisted=False)


def test_each_award_goes_to_one_submission_of_its_own_event():
    first = cel.SubmissionFactory(shortlisted=True)
    second = cel.SubmissionFactory(event=first.event, shortlisted=True)
    category = cel.AwardCategoryFactory(event=first.event)
    actions.give_award(submission=first, category=category)
    with pytest.raises(AwardTaken, match="already been given"):
        actions.give_award(submission=second, category=category)
    other_event = cel.AwardCategoryFactory()
    with pytest.raises(CelebrationError, match="another event"):
        actions.give_award(submission=second, category=other_event)
    second.refresh_from_db()
    assert second.award is None


def test_registration_is_refused_twice_and_joins_the_waiting_list_at_capacity():
    event = cel.EventFactory(capacity=2)
    people = StaffMemberFactory.create_batch(4)
    statuses = [actions.register(event=event, staff=p).status for p in people]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
    with pytest.raises(AlreadyRegistered, match="already registered"):
        actions.register(event=event, staff=people[0])
    with pytest.raises(AlreadyRegistered, match="already on the waiting list"):
        actions.register(event=event, staff=people[3])
    assert event.registrations.count() == 4


def test_a_seat_given_up_goes_to_the_first_person_waiting():
    event = cel.EventFactory(capacity=1)
    first, second, third = StaffMemberFactory.create_batch(3)
    for person in (first, second, third):
        actions.register(event=event, staff=person)
    promoted = actions.cancel_registration(event=event, staff=first)
    assert promoted.staff == second
    assert Registration.objects.get(staff=second).status == "registered"
    assert Registration.objects.get(staff=third).status == "waitlisted"


def test_nobody_registers_for_an_event_that_has_taken_place():
    past = timezone.localdate() - dt.timedelta(days=30)
    event = cel.EventFactory(
        date=past,
        submissions_open=past - dt.timedelta(days=60),
        submissions_close=past - dt.timedelta(days=10),
    )
    with pytest.raises(CelebrationError, match="took place"):
        actions.register(event=event, staff=StaffMemberFactory())


def test_a_programme_item_takes_the_linked_submissions_presenter():
    sub = cel.SubmissionFactory()
    item = actions.add_programme_item(
        event=sub.event, starts_at=dt.time(10, 30), title="Falls", presenter=None, submission=sub
    )
    assert item.presenter == sub.presenter
    with pytest.raises(CelebrationError, match="Presenter"):
        actions.add_programme_item(
            event=sub.event, starts_at=dt.time(11), title="Open", presenter=None
        )
    with pytest.raises(CelebrationError, match="another event"):
        actions.add_programme_item(
            event=cel.EventFactory(), starts_at=dt.time(11), title="X", presenter=None,
            submission=sub,
        )  # fmt: skip


def test_the_gallery_filters_by_aim_site_year_and_award():
    won = cel.SubmissionFactory(shortlisted=True)
    category = cel.AwardCategoryFactory(event=won.event, name="Patient safety")
    actions.give_award(submission=won, category=category)
    other = cel.SubmissionFactory()
    aim = won.project.strategic_aims.get()
    assert list(queries.gallery({"aim": aim.pk})) == [won]
    assert list(queries.gallery({"site": other.project.site.pk})) == [other]
    assert list(queries.gallery({"award": queries.ANY_AWARD})) == [won]
    assert list(queries.gallery({"award": "Patient safety"})) == [won]
    assert set(queries.gallery({"year": won.event.date.year})) == {won, other}
    assert list(queries.gallery({"year": 1999})) == []
