"""The filters a project search is narrowed by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from qls.projects.models import Evidence, Project, ProjectMember


@dataclass
class SearchFilters:
    """What the list is narrowed to. Empty collections mean "any"."""

    sites: Sequence[str] = ()  # Site codes
    wards: Sequence[str] = ()  # Ward codes
    specialties: Sequence[str] = ()  # Specialty codes
    aims: Sequence[int] = ()  # StrategicAim numbers
    domains: Sequence[str] = ()  # QualityDomain slugs
    stages: Sequence[str] = ()
    categories: Sequence[str] = ()
    evidence: bool = False  # only projects with evidence of improvement
    lead_groups: Sequence[str] = ()  # staff group of the project lead
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None  # exclusive
    tags: Sequence[str] = field(default_factory=tuple)
    # Confirmed IHI progress score: a value on the scale, or "none" for not yet confirmed.
    score: str = ""


def apply_filters(projects: QuerySet[Project], f: SearchFilters) -> QuerySet[Project]:
    """Narrow ``projects``; many-to-many filters use subqueries so no row repeats."""
    if f.sites:
        projects = projects.filter(site__code__in=f.sites)
    if f.wards:
        projects = projects.filter(ward__code__in=f.wards)
    if f.specialties:
        projects = projects.filter(specialty__code__in=f.specialties)
    if f.stages:
        projects = projects.filter(stage__in=f.stages)
    if f.categories:
        projects = projects.filter(category__in=f.categories)
    if f.aims:
        aims_through = Project.strategic_aims.through
        projects = projects.filter(
            Exists(
                aims_through.objects.filter(
                    project_id=OuterRef("pk"), strategicaim__number__in=f.aims
                )
            )
        )
    if f.domains:
        domains_through = Project.domains.through
        projects = projects.filter(
            Exists(
                domains_through.objects.filter(
                    project_id=OuterRef("pk"), qualitydomain__slug__in=f.domains
                )
            )
        )
    if f.tags:
        tags_through = Project.tags.through
        projects = projects.filter(
            Exists(tags_through.objects.filter(project_id=OuterRef("pk"), tag__name__in=f.tags))
        )
    if f.evidence:
        projects = projects.filter(with_evidence())
    if f.lead_groups:
        projects = projects.filter(
            Exists(
                ProjectMember.objects.filter(
                    project_id=OuterRef("pk"),
                    role=ProjectMember.Role.LEAD,
                    staff__staff_group__in=f.lead_groups,
                )
            )
        )
    if f.score:
        from qls.projects.progress import parse
        from qls.projects.scores import scored_at

        value = parse(f.score)
        if f.score == "none":
            projects = projects.exclude(pk__in=scored_at(None))
        elif value is not None:
            projects = projects.filter(pk__in=scored_at(value))
    if f.registered_from:
        projects = projects.filter(created_at__date__gte=f.registered_from)
    if f.registered_to:
        projects = projects.filter(created_at__date__lt=f.registered_to)
    return projects


def with_evidence() -> Exists:
    """A filter: the project has a measure with evidence of improvement."""
    return Exists(Evidence.objects.filter(measure__project_id=OuterRef("pk"), found=True))
