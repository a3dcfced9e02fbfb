"""Reading the learning records, with tenancy in the queries themselves.

A partner's people find their own organisation's "we said, we did" entries
and the learning sent to their organisation; anything else is not found.
The published log is the one exception: every published entry, for anyone
with a role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from qls.organisation.models import Organisation
from qls.system.access import require
from qls.system.learning import permissions as perms
from qls.system.learning.models import (
    Ladder,
    NQBStep,
    Progress,
    SharedLearning,
    SystemPriority,
    WeSaidWeDid,
)
from qls.system.tenancy import organisation_of, sees_every_organisation


def _own(user: Any) -> Organisation | None:
    return None if sees_every_organisation(user) else organisation_of(user)


def editable_entries(user: Any) -> QuerySet[WeSaidWeDid]:
    """The entries ``user`` may keep: every one for the system lead, else their organisation's."""
    entries = WeSaidWeDid.objects.select_related("organisation")
    if not user.has_perm(perms.EDIT_ENTRY):
        return entries.none()
    if sees_every_organisation(user):
        return entries
    own = organisation_of(user)
    return entries.filter(organisation=own) if own else entries.none()


def get_entry(user: Any, pk: int) -> WeSaidWeDid:
    require(user, perms.EDIT_ENTRY)
    return get_object_or_404(editable_entries(user), pk=pk)


def published_entries() -> QuerySet[WeSaidWeDid]:
    return WeSaidWeDid.objects.filter(published_at__isnull=False).select_related("organisation")


@dataclass(frozen=True)
class LogFilters:
    organisation: Organisation | None = None
    ladder: str = ""
    year: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.organisation or self.ladder or self.year)


def published_years() -> list[int]:
    return sorted({d.year for d in published_entries().dates("heard_on", "year")}, reverse=True)


def parse_log_filters(params: Any) -> LogFilters:
    """The published log's filters from the query string; values naming nothing are ignored."""
    code = (params.get("partner") or "")[:20]
    organisation = Organisation.objects.filter(code=code).first() if code else None
    ladder = params.get("ladder", "")
    year_text = (params.get("year") or "")[:4]
    year = int(year_text) if year_text.isdigit() else None
    return LogFilters(
        organisation=organisation, ladder=ladder if ladder in Ladder.values else "", year=year
    )


def published_log(filters: LogFilters) -> QuerySet[WeSaidWeDid]:
    entries = published_entries().prefetch_related("heard_by")
    if filters.organisation:
        entries = entries.filter(heard_by=filters.organisation).distinct()
    if filters.ladder:
        entries = entries.filter(ladder=filters.ladder)
    if filters.year:
        entries = entries.filter(heard_on__year=filters.year)
    return entries.order_by("-heard_on", "title")


def log_partners() -> QuerySet[Organisation]:
    """The partners named on published entries: the published page's partner filter."""
    return Organisation.objects.filter(pk__in=published_entries().values("heard_by")).order_by(
        "name"
    )


def visible_learning(user: Any) -> QuerySet[SharedLearning]:
    """The learning items ``user`` may see: all for the system lead, else those sent to them."""
    items = SharedLearning.objects.all()
    if not user.has_perm(perms.VIEW_LEARNING):
        return items.none()
    if sees_every_organisation(user):
        return items
    own = organisation_of(user)
    return items.filter(recipients=own).distinct() if own else items.none()


def get_learning(user: Any, pk: int) -> SharedLearning:
    require(user, perms.VIEW_LEARNING)
    return get_object_or_404(
        visible_learning(user).select_related("project", "risk", "shared_by"), pk=pk
    )


def get_priority(user: Any, pk: int) -> SystemPriority:
    require(user, perms.VIEW_PRIORITIES)
    return get_object_or_404(SystemPriority.objects.select_related("lead_organisation"), pk=pk)


@dataclass
class StepGroup:
    step: NQBStep
    priorities: list[SystemPriority] = field(default_factory=list)

    @property
    def by_progress(self) -> list[tuple[str, int]]:
        counts = Counter(p.progress for p in self.priorities)
        return [(label, counts[value]) for value, label in Progress.choices]


def priorities_by_step() -> list[StepGroup]:
    """Every priority under its NQB step, the seven steps in their order (empty ones too)."""
    groups = {step.value: StepGroup(step) for step in NQBStep}
    for priority in SystemPriority.objects.select_related("lead_organisation").order_by("title"):
        groups[priority.step].priorities.append(priority)
    return list(groups.values())


@dataclass(frozen=True)
class HomeCounts:
    entries: int | None
    published: int
    learning: int | None
    priorities: int | None
    embedded: int


def home_counts(user: Any) -> HomeCounts:
    """The oversight home's counts of the learning pages ``user`` may open (None: not theirs)."""
    can_priorities = user.has_perm(perms.VIEW_PRIORITIES)
    priorities = SystemPriority.objects.all()
    return HomeCounts(
        entries=editable_entries(user).count() if user.has_perm(perms.EDIT_ENTRY) else None,
        published=published_entries().count(),
        learning=visible_learning(user).count() if user.has_perm(perms.VIEW_LEARNING) else None,
        priorities=priorities.count() if can_priorities else None,
        embedded=priorities.filter(progress=Progress.EMBEDDED).count() if can_priorities else 0,
    )
