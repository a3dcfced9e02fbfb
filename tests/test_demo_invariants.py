"""The demo tells the truth: invariants over one build of the whole demo trust.

Every step runs (structure to wards), on a smaller staff directory and project
registry than ``--scale standard`` so the module stays quick; every generator
path still runs (planted improvements, closed projects, the system-wide
cohort, ward events in every state). Each check reads the data the way a
user would meet it: "we said, we did", the coach pool, project teams,
evaluations, titles, registers and dates.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F, Max
from django.utils import timezone

from qls.capability.models import (
    Attendance,
    ClinicBooking,
    Coach,
    Cohort,
    Enrolment,
    ImprovementProgramme,
    ProgrammeTeam,
    SetMeeting,
    SurveyResponse,
)
from qls.capability.training import completion
from qls.community.elearning.actions import passed_chapter_ids, published
from qls.demo.build import build_demo
from qls.demo.projects import plan as projects_demo
from qls.organisation.models import Site
from qls.projects.models import (
    Evaluation,
    MeasureValue,
    PDSACycle,
    Project,
    ProjectMember,
    StageChange,
)
from qls.wards.models import EngagementEvent, Escalation, Issue

pytestmark = pytest.mark.django_db

STAFF = 900
PROJECTS = 240


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    counts = dict(projects_demo.COUNTS)
    projects_demo.COUNTS["standard"] = PROJECTS
    try:
        with django_db_blocker.unblock():
            build_demo(scale="standard", staff_count=STAFF, force=True, log=lambda _m: None)
        yield
    finally:
        projects_demo.COUNTS.update(counts)
        with django_db_blocker.unblock():
            # Leave the database as a fresh test database, as transactional tests do.
            call_command("flush", interactive=False, verbosity=0)


def _some(rows, what: str):
    """The rows, refusing an empty set: a check over nothing proves nothing."""
    rows = list(rows)
    assert rows, f"the demo has no {what} to check"
    return rows


# ------------------------------------------------------------------ we said, we did

# Words that say nothing about an issue's subject.
GENERIC = {
    "ward", "wards", "staff", "patient", "patients", "every", "trust", "division", "with",
    "from", "that", "this", "they", "their", "each", "after", "before", "when", "into",
    "more", "were", "have", "been", "there", "other", "than", "them", "only", "also",
    "where", "what", "which", "would", "could", "about", "nurse", "nurses", "now",
}  # fmt: skip


def subject_words(text: str) -> set[str]:
    """Content words (crudely stemmed) that say what a sentence is about."""
    words = re.findall(r"[a-z0-9'-]+", text.lower())
    return {w[:5] for w in words if len(w) >= 4 and w not in GENERIC}


def test_subject_words_tell_a_matching_response_from_an_unrelated_one():
    issue = "There is no quiet room to speak to relatives"
    assert subject_words(issue) & subject_words(
        "A relatives' room was created from the former store room."
    )
    assert not subject_words(issue) & subject_words(
        "IT changed the time-out for ward computers to 15 minutes."
    )


def test_we_said_we_did_pairs_each_issue_with_its_own_response(built):
    answered = _some(
        Escalation.objects.exclude(responded_at=None).select_related("issue"),
        "answered escalations",
    )
    unrelated = [
        (e.issue.text, e.response)
        for e in answered
        if not subject_words(e.issue.text) & subject_words(e.response)
    ]
    assert unrelated == []
    # Two wards raising the same issue hear the same answer.
    answers: dict[str, set[str]] = defaultdict(set)
    for e in answered:
        answers[e.issue.text].add(e.response)
    assert all(len(said) == 1 for said in answers.values())
    for e in answered:
        assert e.issue.categorised_at <= e.created_at <= e.responded_at <= timezone.now()


# ------------------------------------------------------------------ training


def test_system_wide_cohort_has_its_sessions_registers_and_completions(built):
    (programme,) = _some(
        ImprovementProgramme.objects.filter(kind=ImprovementProgramme.Kind.SYSTEM_WIDE),
        "system-wide programme",
    )
    cohort = programme.cohort
    course = cohort.course
    today = timezone.localdate()
    sessions = list(cohort.sessions.order_by("number"))
    assert len(sessions) == course.sessions_count
    assert sessions[0].date == cohort.start_date
    assert cohort.status == Cohort.Status.FINISHED
    assert sessions[-1].date < today
    enrolments = list(cohort.enrolments.select_related("participant"))
    assert len(enrolments) == 24
    completed = 0
    for e in enrolments:
        marks = list(Attendance.objects.filter(enrolment=e).values_list("present", flat=True))
        assert len(marks) == len(sessions), e.participant.display_name
        enough = sum(marks) >= course.min_sessions_attended
        assert (e.status == Enrolment.Status.COMPLETED) == enough, e.participant.display_name
        if enough:
            completed += 1
            assert timezone.localtime(e.completed_at).date() == sessions[-1].date
            assert e.certificate_number
    assert 12 <= completed < len(enrolments)
    # Partners sit in the teams and complete with them.
    assert cohort.enrolments.filter(
        status=Enrolment.Status.COMPLETED, participant__staff=None
    ).exists()
    assert ProgrammeTeam.objects.filter(programme=programme).count() == 3


def test_completions_follow_their_registers_in_every_cohort(built):
    now = timezone.now()
    last_session = dict(
        Cohort.objects.annotate(last=Max("sessions__date")).values_list("pk", "last")
    )
    completed = _some(
        Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).select_related(
            "cohort__course", "participant"
        ),
        "completions",
    )
    registered = set(
        Attendance.objects.filter(enrolment__status=Enrolment.Status.COMPLETED)
        .values_list("enrolment_id", flat=True)
        .distinct()
    )
    chapters = set(published().values_list("pk", flat=True))
    online = 0
    for e in completed:
        name = f"{e.participant.display_name} on {e.cohort.name}"
        if last_session[e.cohort_id] is None:
            # An online course has no register: its completion is every chapter's quiz passed.
            online += 1
            assert e.elearning_progress.completed_at == e.completed_at, name
            assert chapters <= passed_chapter_ids(e.participant), f"{name}: chapters not passed"
        else:
            assert e.pk in registered, f"{name}: completed with no register"
            assert completion.attendance_short(e) is None, name
            day = timezone.localtime(e.completed_at).date()
            assert last_session[e.cohort_id] <= day, name
        assert e.completed_at <= now, name
        assert e.enrolled_at is None or e.enrolled_at <= e.completed_at, name
    # Nobody the rule would complete is left waiting: "Check completions again"
    # on a finished cohort changes nothing.
    assert online, "no e-learning completions in the demo"
    waiting = Enrolment.objects.filter(
        status=Enrolment.Status.ENROLLED, cohort__status=Cohort.Status.FINISHED
    ).select_related("cohort__course", "participant")
    assert [e.pk for e in waiting if completion.check(e).met] == []
    # Surveys: before the course, after the completion, and never in the future.
    assert not SurveyResponse.objects.filter(
        phase=SurveyResponse.Phase.POST, submitted_at__lt=F("enrolment__completed_at")
    ).exists()
    assert not SurveyResponse.objects.filter(
        phase=SurveyResponse.Phase.PRE, submitted_at__date__gt=F("enrolment__cohort__start_date")
    ).exists()


def test_no_session_or_meeting_was_held_with_nobody_there(built):
    today = timezone.localdate()
    held = Attendance.objects.filter(session__date__lte=today)
    present = set(held.filter(present=True).values_list("session_id", flat=True))
    sessions = set(held.values_list("session_id", flat=True))
    assert _some(sessions, "held sessions")
    assert sessions <= present
    assert not Attendance.objects.filter(session__date__gt=today).exists()
    finished = _some(Cohort.objects.filter(status=Cohort.Status.FINISHED), "finished cohorts")
    through = set(
        Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).values_list(
            "cohort_id", flat=True
        )
    )
    assert [c.name for c in finished if c.pk not in through] == []
    meetings = _some(SetMeeting.objects.filter(date__lt=today), "past set meetings")
    assert [m.pk for m in meetings if not m.attendance.filter(present=True).exists()] == []
    assert not SetMeeting.objects.filter(date__gt=today, attendance__isnull=False).exists()
    opened = _some(
        EngagementEvent.objects.filter(opens_at__lte=timezone.now()).annotate(n=Count("issues")),
        "open engagement events",
    )
    assert [e.title for e in opened if e.n == 0] == []
    assert not ClinicBooking.objects.filter(
        starts_at__gt=timezone.now(),
        status__in=[ClinicBooking.Status.ATTENDED, ClinicBooking.Status.NO_SHOW],
    ).exists()


# ------------------------------------------------------------------ coaches and teams


def test_no_coach_is_over_capacity(built):
    coaches = _some(Coach.objects.select_related("staff"), "coaches")
    over = [
        (str(c), used, c.capacity)
        for c in coaches
        if (used := c.coached_projects().count()) > c.capacity
    ]
    assert over == []
    # And a load a coach could carry beside a clinical job: a handful each, not dozens.
    assert max(c.coached_projects().count() for c in coaches) <= 12
    # Every running project's coach is in the pool the capacity rule reads.
    pooled = {c.staff_id for c in coaches}
    coaching = ProjectMember.objects.filter(role=ProjectMember.Role.COACH).exclude(
        project__stage="closed"
    )
    assert set(coaching.values_list("staff_id", flat=True)) <= pooled


def test_team_members_of_a_project_are_distinct_people(built):
    _some(ProjectMember.objects.all(), "project members")
    twice = (
        ProjectMember.objects.values("project_id", "staff_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(twice) == []


# ------------------------------------------------------------------ evaluations


def test_evaluations_are_dated_when_their_projects_closed(built):
    now = timezone.now()
    closed_at = dict(StageChange.objects.filter(to_stage="closed").values_list("project_id", "at"))
    evaluations = _some(Evaluation.objects.select_related("project"), "evaluations")
    for evaluation in evaluations:
        project = evaluation.project
        assert project.stage == "closed", project.title
        closed = closed_at[project.pk]
        written = evaluation.completed_at
        assert closed <= written <= closed + dt.timedelta(weeks=4), project.title
        assert project.start_date < timezone.localtime(closed).date(), project.title
        assert written <= now, project.title
    # Nothing was measured or tested on a project after it closed.
    closed_on = {pk: timezone.localtime(at).date() for pk, at in closed_at.items()}
    late_values = [
        pk
        for pk, last in MeasureValue.objects.filter(measure__project__stage="closed")
        .values("measure__project")
        .annotate(last=Max("period"))
        .values_list("measure__project", "last")
        if last > closed_on[pk]
    ]
    assert late_values == []
    late_cycles = [
        c.pk
        for c in PDSACycle.objects.filter(change_idea__project__stage="closed").select_related(
            "change_idea"
        )
        if c.started_on and c.started_on > closed_on[c.change_idea.project_id]
    ]
    assert late_cycles == []


# ------------------------------------------------------------------ words

# Pairs of these say nothing on their own ("in the ... in the" is ordinary English).
FUNCTION_WORDS = {
    "a", "an", "the", "in", "on", "at", "of", "to", "for", "and", "or", "by", "is", "are",
    "be", "with", "from", "as", "it", "its", "so", "than",
}  # fmt: skip


def repeated_phrase(text: str) -> str | None:
    """A two-word phrase used twice in one text ("at weekends ... at weekends")."""
    words = re.findall(r"[a-z0-9'-]+", text.lower())
    seen = Counter(itertools.pairwise(words))
    for pair, n in seen.items():
        if n > 1 and not set(pair) <= FUNCTION_WORDS:
            return " ".join(pair)
    return None


def wrong_preposition(text: str, sites: list[str]) -> str | None:
    """A hospital spoken of as if it were a ward ("on Broomfield Hospital")."""
    for name in sites:
        found = re.search(rf"\bon (the )?{re.escape(name)}", text)
        if found:
            return found.group(0)
    return None


def test_the_wording_rules_catch_the_known_mistakes():
    assert repeated_phrase("Mouth care is missed at weekends at weekends") == "at weekends"
    assert repeated_phrase(
        "We run out of blood bottles on nights and borrow from the next ward on nights"
    )
    assert repeated_phrase("Most patients leave in the afternoon, not in the morning") is None
    sites = ["Broomfield Hospital"]
    assert wrong_preposition("Reducing inpatient falls on Broomfield Hospital", sites)
    assert wrong_preposition("Sepsis six on time at Broomfield Hospital", sites) is None


def test_titles_and_statements_read_naturally(built):
    sites = list(Site.objects.values_list("name", flat=True))
    texts: list[tuple[str, str]] = []
    for field in ("title", "problem", "aim_statement"):
        texts += [(field, t) for t in Project.objects.values_list(field, flat=True)]
    texts += [("issue", t) for t in Issue.objects.values_list("text", flat=True)]
    texts += [("response", t) for t in Escalation.objects.values_list("response", flat=True)]
    texts += [("cycle", t) for t in PDSACycle.objects.values_list("title", flat=True)]
    texts += [("event", t) for t in EngagementEvent.objects.values_list("title", flat=True)]
    texts += [("cohort", t) for t in Cohort.objects.values_list("name", flat=True)]
    texts += [("team", t) for t in ProgrammeTeam.objects.values_list("wicked_problem", flat=True)]
    _some(texts, "titles")
    assert any(wrong_preposition(f"on {s}", sites) for s in sites)  # the rule sees every site
    awkward = sorted(
        {
            (kind, text, problem)
            for kind, text in texts
            if (problem := repeated_phrase(text) or wrong_preposition(text, sites))
        }
    )
    assert awkward == []
    # Site-wide projects are there, and are "at" their hospital.
    site_wide = _some(Project.objects.filter(ward=None, site__isnull=False), "site-wide projects")
    assert any(f"at {p.site.name}" in p.title + p.aim_statement for p in site_wide)


# ------------------------------------------------------------------ dates

# Fields that hold what is planned or due, so may lie ahead of today.
PLANNED = {
    ("projects", "Project", "target_date"),
    ("capability", "Cohort", "start_date"),
    ("capability", "Session", "date"),
    ("capability", "Enrolment", "offer_expires"),
    ("capability", "ClinicSlot", "starts_at"),
    ("capability", "ClinicBooking", "starts_at"),
    ("capability", "SetMeeting", "date"),
    ("wards", "WardProgramme", "end"),
    ("wards", "Wave", "start"),
    ("wards", "Wave", "end"),
    ("wards", "Action", "due"),
    ("wards", "EngagementEvent", "date"),
    ("wards", "EngagementEvent", "opens_at"),
    ("wards", "EngagementEvent", "closes_at"),
}


def test_nothing_that_has_happened_is_dated_in_the_future(built):
    now = timezone.now() + dt.timedelta(minutes=5)  # the build itself takes a while
    today = timezone.localdate()
    ahead = []
    checked = 0
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in {"organisation", "projects", "measurement", "capability", "wards"}:
            continue
        if model.__name__.startswith("Historical"):
            continue
        for field in meta.concrete_fields:
            kind = field.get_internal_type()
            if kind not in ("DateField", "DateTimeField"):
                continue
            if (meta.app_label, model.__name__, field.name) in PLANNED:
                continue
            limit = now if kind == "DateTimeField" else today
            checked += 1
            n = model.objects.filter(**{f"{field.name}__gt": limit}).count()
            if n:
                ahead.append((model.__name__, field.name, n))
    assert checked > 40
    assert ahead == []


def test_the_trusts_risks_link_the_metrics_that_show_them_and_projects_on_them(built):
    from qls.demo.system.risks_data import LINKS
    from qls.system.models import QualityRisk

    for title, (codes, word) in LINKS.items():
        risk = QualityRisk.objects.get(title=title)
        assert sorted(risk.metrics.values_list("code", flat=True)) == sorted(codes)
        titles = list(risk.projects.values_list("title", flat=True))
        assert titles, f"no project linked to {title!r}"
        assert all(word in t.lower() for t in titles)
