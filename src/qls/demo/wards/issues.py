"""The demo's ward issues, and how each ward's manager and leads followed them up."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from qls.demo.wards.clock import at
from qls.demo.wards.data import ISSUES, WHEN, issue_text, response_for
from qls.organisation.models import StaffMember, StrategicAim
from qls.wards.models import Action, Escalation, Issue
from qls.wards.models.issues import Category


def build_issues(rng: random.Random, events, by_journey, today: dt.date) -> list[Issue]:
    issues: list[Issue] = []
    for event in events:
        journey = by_journey[event.journey_id]
        count = rng.randint(30, 50) if journey.programme.start.year == 2024 else rng.randint(15, 25)
        if event.opens_at > timezone.now():
            continue  # not open yet: no issues
        window_end = min(event.closes_at, timezone.now())
        span = max((window_end - event.opens_at).total_seconds(), 3600)
        for _ in range(count):
            text, _category, _response = rng.choice(ISSUES)
            issues.append(
                Issue(
                    event=event,
                    text=issue_text(text, rng.choice(WHEN)),
                    staff_role=rng.choice(["", "", "", "Bank healthcare assistant",
                                           "Agency staff nurse", "Staff nurse", "Student nurse"]),
                    submitted_at=event.opens_at + dt.timedelta(seconds=rng.uniform(0, span)),
                )
            )  # fmt: skip
    return Issue.objects.bulk_create(issues, batch_size=1000)


def _true_category(text: str) -> str:
    for base, category, _response in ISSUES:
        if text.startswith(base):
            return category
    return "fix"


def follow_up(rng, issues, events, by_journey, staff_by_ward, managers, waves, ctx, today):
    """Sort, group and follow up issues the way each event's age suggests."""
    from qls.projects.models import Project, ProjectMember

    now = timezone.now()
    by_event: dict[int, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_event[issue.event_id].append(issue)
    event_by_id = {e.pk: e for e in events}
    aims = list(StrategicAim.objects.all())
    actions: list[Action] = []
    escalations: list[Escalation] = []
    projects: list[tuple[Issue, Project, StaffMember, list[StrategicAim]]] = []
    changed: list[Issue] = []
    for event_id, group in by_event.items():
        event = event_by_id[event_id]
        journey = by_journey[event.journey_id]
        people = staff_by_ward.get(journey.ward_id) or managers
        age = (now - event.closes_at).days
        sorted_share = 1.0 if age > 14 else 0.55 if age > 0 else 0.2
        first_seen: dict[str, Issue] = {}
        for issue in sorted(group, key=lambda i: i.submitted_at):
            base = _true_category(issue.text)
            if rng.random() > sorted_share:
                continue
            issue.category = (
                base if rng.random() < 0.85 else rng.choice(["fix", "improve", "change"])
            )
            # Sorted at the event, or as they come in while it is still open (never later than now).
            issue.categorised_at = max(issue.submitted_at, min(at(event.date, 15), now))
            key = issue.text
            if key in first_seen and rng.random() < 0.6:
                primary = first_seen[key]
                issue.duplicate_of_id = primary.pk
                issue.category = primary.category
                changed.append(issue)
                continue
            first_seen.setdefault(key, issue)
            settled = min(age / 90, 1.0) if age > 0 else 0.0
            if issue.category == Category.FIX:
                created = issue.categorised_at + dt.timedelta(days=rng.randint(0, 3))
                created = min(created, now)
                due = created.date() + dt.timedelta(days=rng.choice([14, 21, 28, 42]))
                done = rng.random() < 0.25 + 0.7 * settled
                took = dt.timedelta(days=rng.choice([2, 5, 9, 14, 20, 27, 35, 50, 70]))
                done_at = created + took if done and created + took < now else None
                status = "done" if done_at else rng.choice(["open", "in_progress", "in_progress"])
                actions.append(
                    Action(
                        issue=issue,
                        description=issue.text,
                        owner=rng.choice(people),
                        due=due,
                        status=status,
                        created_at=created,
                        done_at=done_at,
                    )
                )
                issue.status = "done" if done_at else "in_progress"
            elif issue.category == Category.IMPROVE:
                roll = rng.random()
                started = event.date + dt.timedelta(days=rng.randint(3, 20))
                if roll < 0.3 and aims and started <= today:
                    wave = waves[journey.wave_id]
                    project = Project(
                        title=issue.text[:200],
                        problem=issue.text,
                        aim_statement=f"Reduce the problem raised by {journey.ward.name} staff "
                        f"within six months of the engagement event.",
                        site_id=journey.ward.site_id,
                        ward_id=journey.ward_id,
                        start_date=started,
                        category=Project.Category.IMPROVE,
                        coproduction_level=Project.Coproduction.INVOLVING,
                        programme_id=wave.project_programme_id,
                        stage=rng.choice(["idea", "scoping", "testing", "testing",
                                          "implementing", "sustaining"])
                        if age > 60 else rng.choice(["idea", "scoping"]),
                    )  # fmt: skip
                    projects.append((issue, project, rng.choice(people), rng.sample(aims, 1)))
                    issue.status = "in_progress"
                elif roll < 0.45 and settled > 0.5:
                    issue.status = "not_taken_forward"
            elif issue.category == Category.CHANGE and rng.random() < 0.3 + 0.6 * settled:
                created = issue.categorised_at + dt.timedelta(days=rng.randint(1, 7))
                responded = created + dt.timedelta(days=rng.randint(14, 90))
                answered = responded < now and rng.random() < 0.75
                escalations.append(
                    Escalation(
                        issue=issue,
                        level=rng.choice(["division", "division", "trust"]),
                        owner=rng.choice(managers),
                        created_at=min(created, now),
                        response=response_for(issue.text) if answered else "",
                        responded_at=responded if answered else None,
                    )
                )
                issue.status = "done" if answered else "in_progress"
            changed.append(issue)
    # Duplicates share their primary issue's status.
    status_of = {i.pk: i.status for i in changed if i.duplicate_of_id is None}
    for issue in changed:
        if issue.duplicate_of_id:
            issue.status = status_of.get(issue.duplicate_of_id, "new")
    if projects:
        made = Project.objects.bulk_create([p for _i, p, _l, _a in projects], batch_size=500)
        through = Project.strategic_aims.through
        through.objects.bulk_create(
            [
                through(project_id=p.pk, strategicaim_id=a.pk)
                for p, (_i, _p, _l, chosen) in zip(made, projects, strict=True)
                for a in chosen
            ]
        )
        ProjectMember.objects.bulk_create(
            [
                ProjectMember(project=p, staff=lead, role=ProjectMember.Role.LEAD)
                for p, (_i, _p, lead, _a) in zip(made, projects, strict=True)
            ]
        )
        for project, (issue, *_rest) in zip(made, projects, strict=True):
            issue.project_id = project.pk
        try:
            from qls.projects.search.documents import index_projects

            index_projects([p.pk for p in made])
        except ImportError:  # pragma: no cover - search arrived after this step
            pass
    Issue.objects.bulk_update(
        changed,
        ["category", "categorised_at", "duplicate_of", "status", "project"],
        batch_size=500,
    )
    Action.objects.bulk_create(actions, batch_size=1000)
    Escalation.objects.bulk_create(escalations, batch_size=1000)
