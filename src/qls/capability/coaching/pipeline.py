"""The coach pipeline: how many people are at each competency level, evidence waiting for
sign-off, and how much of the coaches' capacity is in use. Used by the coaching pages and
the learning reports (``capability/coaching/_pipeline.html``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from qls.capability.models import Coach, CompetencyEvidence, CompetencyLevel, MentorPairing
from qls.projects.models import ProjectMember


@dataclass
class LevelRow:
    level: CompetencyLevel
    coaches: int
    active: int
    competencies: int
    signed_off: int  # pieces of evidence signed off against this level's competencies
    awaiting: int


@dataclass
class Pipeline:
    levels: list[LevelRow] = field(default_factory=list)
    awaiting: int = 0
    oldest_waiting_days: int | None = None
    coaches: int = 0
    capacity: int = 0
    used: int = 0
    at_capacity: int = 0
    mentor_pairings: int = 0

    @property
    def capacity_left(self) -> int:
        return max(self.capacity - self.used, 0)

    @property
    def used_percent(self) -> int:
        return round(100 * self.used / self.capacity) if self.capacity else 0

    HEADERS = (
        "Competency level",
        "Coaches",
        "Active coaches",
        "Competencies",
        "Evidence signed off",
        "Evidence awaiting sign-off",
    )

    def rows(self) -> list[list[object]]:
        """One row per level, for CSV/XLSX export with ``HEADERS``."""
        return [
            [r.level.name, r.coaches, r.active, r.competencies, r.signed_off, r.awaiting]
            for r in self.levels
        ]


def coach_pipeline() -> Pipeline:
    submitted = CompetencyEvidence.Status.SUBMITTED
    signed = CompetencyEvidence.Status.SIGNED_OFF
    levels = CompetencyLevel.objects.annotate(
        n_coaches=Count("coaches", distinct=True),
        n_active=Count("coaches", filter=Q(coaches__active=True), distinct=True),
        n_competencies=Count("competencies", distinct=True),
    )
    evidence = {
        (row["competency__level"], row["status"]): row["n"]
        for row in CompetencyEvidence.objects.values("competency__level", "status").annotate(
            n=Count("pk")
        )
    }
    report = Pipeline()
    for level in levels:
        report.levels.append(
            LevelRow(
                level=level,
                coaches=level.n_coaches,
                active=level.n_active,
                competencies=level.n_competencies,
                signed_off=evidence.get((level.pk, signed), 0),
                awaiting=evidence.get((level.pk, submitted), 0),
            )
        )
    waiting = CompetencyEvidence.objects.filter(status=submitted).aggregate(
        n=Count("pk"), oldest=Min("submitted_at")
    )
    report.awaiting = waiting["n"]
    if waiting["oldest"]:
        report.oldest_waiting_days = (timezone.now() - waiting["oldest"]).days
    active = list(Coach.objects.filter(active=True).values_list("staff_id", "capacity"))
    report.coaches = len(active)
    report.capacity = sum(c for _s, c in active)
    used = dict(
        ProjectMember.objects.filter(
            role=ProjectMember.Role.COACH, staff_id__in=[s for s, _c in active]
        )
        .exclude(project__stage="closed")
        .values("staff_id")
        .annotate(n=Count("project", distinct=True))
        .values_list("staff_id", "n")
    )
    report.used = sum(min(used.get(s, 0), c) for s, c in active)
    report.at_capacity = sum(1 for s, c in active if used.get(s, 0) >= c)
    report.mentor_pairings = MentorPairing.objects.filter(ended__isnull=True).count()
    return report
