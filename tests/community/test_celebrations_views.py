"""The celebration's pages: who may do what, and what a refusal looks like."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from qls.community.celebrations import actions
from qls.community.celebrations.models import CelebrationEvent, Registration, Score, Submission
from qls.projects.models import ProjectMember
from tests.factories import celebrations as cel
from tests.factories.organisation import StaffMemberFactory
from tests.factories.projects import ProjectFactory, ProjectMemberFactory

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"
MARKS = {"problem": "4", "method": "4", "measurement": "3", "impact": "5", "spread": "3"}


@pytest.fixture
def staff(personas):
    """A staff directory record for each persona with a role."""
    return {
        name: StaffMemberFactory(user=user, first_name=name.title(), last_name="O'Brien")
        for name, user in personas.items()
        if name != "norole"
    }


@pytest.fixture
def event():
    return cel.EventFactory(name="Celebration of improvement 2031")


def _login(client, personas, who):
    client.force_login(personas[who])
    return client


def test_the_improvement_team_creates_an_event_with_its_award_categories(client, personas):
    _login(client, personas, "improvement")
    today = timezone.localdate()
    response = client.post(
        reverse("community:celebrations_event_new"),
        {
            "name": "Celebration 2031",
            "date": today + dt.timedelta(days=90),
            "venue": "Lecture theatre",
            "capacity": "150",
            "submissions_open": today,
            "submissions_close": today + dt.timedelta(days=30),
            "categories": "Patient safety\nStaff wellbeing\n\nPatient safety",
        },
    )
    event = CelebrationEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert list(event.categories.values_list("name", flat=True)) == [
        "Patient safety",
        "Staff wellbeing",
    ]


def test_an_event_whose_window_closes_after_the_day_is_refused_and_nothing_written(
    client, personas
):
    _login(client, personas, "improvement")
    today = timezone.localdate()
    response = client.post(
        reverse("community:celebrations_event_new"),
        {
            "name": "Celebration 2031",
            "date": today + dt.timedelta(days=10),
            "venue": "Lecture theatre",
            "capacity": "150",
            "submissions_open": today,
            "submissions_close": today + dt.timedelta(days=30),
            "categories": "Patient safety",
        },
    )
    assert response.status_code == 200
    assert b"Submissions must close on or before the event" in response.content
    assert not CelebrationEvent.objects.exists()


@pytest.mark.parametrize("who", ["staff", "lead", "coach", "analyst", "executive"])
def test_only_the_improvement_team_and_admins_create_events(client, personas, who):
    _login(client, personas, who)
    assert client.get(reverse("community:celebrations_event_new")).status_code == 403


def test_a_team_lead_submits_their_project_and_the_poster_is_the_projects_own(
    client, personas, staff, event
):
    project = ProjectFactory(title="Fewer falls at night")
    ProjectMemberFactory(project=project, staff=staff["lead"], role=ProjectMember.Role.LEAD)
    _login(client, personas, "lead")
    form = client.get(reverse("community:celebrations_submit", args=[event.pk]))
    assert b"Fewer falls at night" in form.content
    response = client.post(
        reverse("community:celebrations_submit", args=[event.pk]),
        {
            "project": project.pk,
            "abstract": "Intentional rounding.",
            "presenter": staff["lead"].staff_number,
        },
    )
    sub = Submission.objects.get()
    assert response["Location"] == sub.get_absolute_url()
    page = client.get(sub.get_absolute_url())
    assert reverse("projects:poster", args=[project.pk]).encode() in page.content
    assert escape(staff["lead"].full_name).encode() in page.content


def test_an_abstract_with_an_nhs_number_is_refused_naming_the_field(client, personas, staff, event):
    project = ProjectFactory()
    ProjectMemberFactory(project=project, staff=staff["lead"], role=ProjectMember.Role.LEAD)
    _login(client, personas, "lead")
    response = client.post(
        reverse("community:celebrations_submit", args=[event.pk]),
        {
            "project": project.pk,
            "abstract": f"The patient ({NHS_NUMBER}) fell.",
            "presenter": staff["lead"].staff_number,
        },
    )
    assert response.status_code == 200
    assert b"abstract" in response.content.lower()
    assert b"NHS number" in response.content
    assert not Submission.objects.exists()


def test_someone_off_the_team_cannot_pick_the_project(client, personas, staff, event):
    project = ProjectFactory()
    ProjectMemberFactory(project=project, role=ProjectMember.Role.LEAD)
    _login(client, personas, "staff")
    response = client.post(
        reverse("community:celebrations_submit", args=[event.pk]),
        {"project": project.pk, "abstract": "Ours.", "presenter": staff["staff"].staff_number},
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not Submission.objects.exists()


def test_a_judge_scores_and_an_out_of_range_score_is_refused_by_name(
    client, personas, staff, event
):
    sub = cel.SubmissionFactory(event=event)
    cel.JudgeFactory(event=event, staff=staff["coach"])
    _login(client, personas, "coach")
    url = reverse("community:celebrations_score", args=[sub.pk])
    bad = client.post(url, {**MARKS, "impact": "6"})
    assert bad.status_code == 200
    assert b"Impact: give a whole number from 1 to 5 (not 6)" in bad.content
    assert not Score.objects.exists()
    good = client.post(url, MARKS)
    assert good["Location"] == sub.get_absolute_url()
    assert Score.objects.get().total == 19


def test_a_judge_on_the_projects_team_is_told_and_refused(client, personas, staff, event):
    sub = cel.SubmissionFactory(event=event)
    cel.JudgeFactory(event=event, staff=staff["coach"])
    ProjectMemberFactory(project=sub.project, staff=staff["coach"], role=ProjectMember.Role.COACH)
    _login(client, personas, "coach")
    page = client.get(sub.get_absolute_url())
    assert b"You are on this project's team, so you do not judge it." in page.content
    response = client.post(reverse("community:celebrations_score", args=[sub.pk]), MARKS)
    assert b"may not judge it" in response.content
    assert not Score.objects.exists()


@pytest.mark.parametrize("who", ["staff", "lead", "executive", "analyst"])
def test_people_off_the_panel_neither_score_nor_see_scores_nor_shortlist(
    client, personas, staff, event, who
):
    sub = cel.SubmissionFactory(event=event)
    _login(client, personas, who)
    assert client.get(reverse("community:celebrations_score", args=[sub.pk])).status_code == 403
    page = client.get(sub.get_absolute_url())
    assert b"Mean score" not in client.get(event.get_absolute_url()).content
    assert b"<h2>Scores</h2>" not in page.content
    shortlist = reverse("community:celebrations_shortlist", args=[sub.pk])
    assert client.post(shortlist, {"shortlisted": "yes"}).status_code == 403


def test_the_panel_shortlists_and_the_improvement_team_gives_the_award(
    client, personas, staff, event
):
    sub = cel.SubmissionFactory(event=event)
    category = cel.AwardCategoryFactory(event=event, name="Patient safety")
    judge = cel.JudgeFactory(event=event, staff=staff["coach"])
    actions.score(submission=sub, judge_staff=judge.staff, marks=MARKS)
    _login(client, personas, "coach")
    client.post(reverse("community:celebrations_shortlist", args=[sub.pk]), {"shortlisted": "yes"})
    # A judge shortlists but does not give awards.
    award = reverse("community:celebrations_award", args=[sub.pk])
    assert client.post(award, {"category": category.pk}).status_code == 403
    _login(client, personas, "improvement")
    client.post(award, {"category": category.pk})
    sub.refresh_from_db()
    assert sub.shortlisted
    assert sub.award == category
    gallery = client.get(reverse("community:celebrations_gallery"), {"award": "Patient safety"})
    assert escape(sub.project.title).encode() in gallery.content
    assert b"1 poster" in gallery.content


def test_registering_twice_is_refused_and_a_full_event_waitlists(client, personas, staff):
    event = cel.EventFactory(capacity=1)
    url = reverse("community:celebrations_register", args=[event.pk])
    _login(client, personas, "staff")
    client.post(url)
    again = client.post(url, follow=True)
    assert b"a second registration was not made" in again.content
    _login(client, personas, "lead")
    waiting = client.post(url, follow=True)
    assert b"You are on the waiting list" in waiting.content
    assert b"You are number 1 on the waiting list." in waiting.content
    assert list(Registration.objects.values_list("status", flat=True)) == [
        "registered",
        "waitlisted",
    ]


def test_the_improvement_team_names_a_judge_by_staff_number(client, personas, staff, event):
    _login(client, personas, "improvement")
    url = reverse("community:celebrations_judges", args=[event.pk])
    client.post(url, {"staff": staff["coach"].staff_number})
    again = client.post(url, {"staff": staff["coach"].staff_number})
    assert b"already on the judging panel" in again.content
    missing = client.post(url, {"staff": "00000000"})
    assert b"No one in the staff directory has the staff number or email" in missing.content
    assert event.judges.get().staff == staff["coach"]


def test_the_programme_lists_a_presentation_linked_to_its_submission(
    client, personas, staff, event
):
    sub = cel.SubmissionFactory(event=event)
    _login(client, personas, "improvement")
    client.post(
        reverse("community:celebrations_programme", args=[event.pk]),
        {"starts_at": "10:30", "title": "Falls at night", "submission": sub.pk, "presenter": ""},
    )
    _login(client, personas, "staff")
    page = client.get(event.get_absolute_url())
    assert b"10:30" in page.content
    assert f'<a href="{sub.get_absolute_url()}">Falls at night</a>'.encode() in page.content


def test_the_community_home_shows_the_next_event_and_recent_awards(client, personas, staff):
    upcoming = cel.EventFactory(name="Celebration 2031")
    won = cel.SubmissionFactory(shortlisted=True)
    category = cel.AwardCategoryFactory(event=won.event, name="Staff wellbeing")
    actions.give_award(submission=won, category=category)
    _login(client, personas, "staff")
    page = client.get(reverse("community:index")).content
    assert f'href="{upcoming.get_absolute_url()}"'.encode() in page
    assert f'href="{won.get_absolute_url()}"'.encode() in page
    assert b"Staff wellbeing" in page
