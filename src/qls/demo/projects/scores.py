"""Demo IHI progress scores: coaches confirm QLS's suggestion on most coached projects.

The demo ``coach`` log-in confirms most of theirs and leaves a few waiting, so
the journey can be tried; one of theirs is scored half a point under the
suggestion, with the reason; some projects have an earlier, lower score in
their history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from qls.demo.context import DemoContext
from qls.projects import progress, scores
from qls.projects.models import ProgressScore, Project, ProjectMember

CONFIRMED_SHARE = 0.85  # of pool coaches' projects
LEFT_FOR_THE_DEMO_COACH = 3
EARLY_OVERRIDE_REASON = (
    "The driver diagram and measures were drafted by the lead alone; the team has not met "
    "to plan its first tests yet."
)
OVERRIDE_REASON = (
    "The adopted change is in place on one bay only; the rest of the ward has not taken it "
    "up yet, so I have scored the improvement as the bay's, not yet the ward's."
)


def confirm_demo_scores(ctx: DemoContext) -> tuple[int, int]:
    """(projects scored, overrides) after the projects and their evidence exist."""
    rng = ctx.rng("progress-scores")
    coaches = {
        m.project_id: m.staff
        for m in ProjectMember.objects.filter(role=ProjectMember.Role.COACH).select_related(
            "staff__user"
        )
    }
    projects = list(Project.objects.filter(pk__in=list(coaches)).order_by("pk"))
    suggested = scores.suggestions(projects)
    demo_coach = ctx.users.get("coach")
    now = timezone.now()
    rows: list[ProgressScore] = []
    left = 0
    chosen = []
    for project in projects:
        coach = coaches[project.pk]
        mine = demo_coach is not None and coach.user_id == demo_coach.pk
        if mine and left < LEFT_FOR_THE_DEMO_COACH and project.stage != "closed":
            left += 1
            continue
        if not mine and rng.random() > CONFIRMED_SHARE:
            continue
        chosen.append((project, coach, mine))
    # The override: the demo coach's furthest-on project scored half a point lower.
    theirs = [p for p, _c, mine in chosen if mine and suggested[p.pk].value >= Decimal("1.0")]
    override = max(theirs, key=lambda p: (suggested[p.pk].value, -p.pk), default=None)
    for project, coach, _mine in chosen:
        suggestion = suggested[project.pk]
        when = now - dt.timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 8))
        person = {"confirmed_by": coach.user, "confirmed_by_name": coach.full_name}
        earlier = suggestion.value - Decimal("1.0")
        if earlier in progress.LABELS and rng.random() < 0.3:
            rows.append(
                ProgressScore(
                    project=project, suggested=earlier, confirmed=earlier,
                    confirmed_at=when - dt.timedelta(days=rng.randint(60, 120)), **person,
                )
            )  # fmt: skip
        confirmed, reason = suggestion.value, ""
        if project is override:
            confirmed = suggestion.value - Decimal("0.5")
            reason = (
                OVERRIDE_REASON if suggestion.value >= Decimal("3.0") else EARLY_OVERRIDE_REASON
            )
        rows.append(
            ProgressScore(
                project=project, suggested=suggestion.value, confirmed=confirmed,
                suggestion_reasons="\n".join(suggestion.reasons), reason=reason,
                confirmed_at=when, **person,
            )
        )  # fmt: skip
    bulk_create_with_history(rows, ProgressScore, batch_size=500)
    return len(chosen), int(override is not None)
