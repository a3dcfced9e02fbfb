"""Soft intelligence as each person may see it, and the system's early-warning list.

Tenancy is in the queries, as for risks: the System quality lead sees every
partner's soft intelligence; a partner's people see their own
organisation's. An entry outside ``visible_intelligence`` is simply not
found.

The early-warning list triangulates two kinds of signal from the last three
months, for each organisation and each concern (a metric or a theme):

* hard signals, from the SPC cached on each whole-population series at
  organisation level that the person may see (``visible_series``): special
  cause of concerning variation, and assurance that the target will
  consistently be missed;
* soft signals, the soft intelligence the person may see.

Each signal has a weight (``WEIGHTS``, and a soft entry's own weight of 1-3);
organisations are ranked by the sum of their signals' weights. The list is
built in a fixed number of queries whatever its length: the host trust, the
series, the soft intelligence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qls.core.periods import add_months
from qls.measurement.charts.series import org_unit_url
from qls.measurement.models import Level, Series
from qls.measurement.sharing import visible_series
from qls.measurement.spc_cache import CONCERN_ICONS
from qls.organisation.models import Organisation
from qls.organisation.tenancy import host_organisation
from qls.system.access import require
from qls.system.tenancy import organisation_of, sees_every_organisation
from qls.system.warnings import permissions as perms
from qls.system.warnings.models import Kind, Sensitivity, SoftIntelligence

WINDOW_MONTHS = 3
CONSISTENT_FAIL = "consistent_fail"

# How much each hard signal weighs; a soft signal weighs its entry's weight (1-3).
VARIATION_WEIGHT = 3
ASSURANCE_WEIGHT = 2
WEIGHTS = {
    "variation": VARIATION_WEIGHT,
    "assurance": ASSURANCE_WEIGHT,
}
VARIATION_LABELS = {
    "special_cause_concern_high": "Special cause of concern: higher than usual",
    "special_cause_concern_low": "Special cause of concern: lower than usual",
}


# ------------------------------------------------------------ soft intelligence


def visible_intelligence(user: Any) -> QuerySet[SoftIntelligence]:
    """The entries ``user`` may see: every one for the system lead, else their organisation's."""
    entries = SoftIntelligence.objects.all()
    if not user.has_perm(perms.VIEW):
        return entries.none()
    if sees_every_organisation(user):
        return entries
    own = organisation_of(user)
    return entries.filter(organisation=own) if own else entries.none()


def get_intelligence(user: Any, pk: int) -> SoftIntelligence:
    require(user, perms.VIEW)
    return get_object_or_404(
        visible_intelligence(user).select_related("organisation", "logged_by"), pk=pk
    )


@dataclass(frozen=True)
class Filters:
    organisation: Organisation | None = None
    kind: str = ""

    @property
    def active(self) -> bool:
        return bool(self.organisation or self.kind)


def parse_filters(organisations: QuerySet[Organisation], params: Any) -> Filters:
    """The list's filters; a code or kind naming nothing the user may see is ignored."""
    code = (params.get("organisation") or "")[:20]
    organisation = organisations.filter(code=code).first() if code else None
    kind = params.get("kind", "")
    return Filters(organisation=organisation, kind=kind if kind in Kind.values else "")


def intelligence_list(user: Any, filters: Filters) -> QuerySet[SoftIntelligence]:
    entries = visible_intelligence(user).select_related("organisation")
    if filters.organisation is not None:
        entries = entries.filter(organisation=filters.organisation)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    return entries.order_by("-received_on", "-pk")


# ------------------------------------------------------------ the early-warning list


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: what it says, how much it weighs, when, and where to see it."""

    source: str  # "variation", "assurance" or "soft"
    label: str
    weight: int
    on: dt.date
    url: str
    where: str = ""

    @property
    def hard(self) -> bool:
        return self.source != "soft"


@dataclass
class Concern:
    """The signals about one organisation and one metric or theme."""

    title: str
    key: tuple[str, str]
    signals: list[Signal] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return sum(s.weight for s in self.signals)

    @property
    def latest(self) -> dt.date:
        return max(s.on for s in self.signals)

    @property
    def triangulated(self) -> bool:
        return {s.hard for s in self.signals} == {True, False}


@dataclass
class OrganisationWarnings:
    organisation: Organisation
    concerns: list[Concern] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return sum(c.weight for c in self.concerns)

    @property
    def signal_count(self) -> int:
        return sum(len(c.signals) for c in self.concerns)

    @property
    def hard_and_soft(self) -> bool:
        """Whether numbers and what people say both point at this organisation."""
        kinds = {s.hard for c in self.concerns for s in c.signals}
        return kinds == {True, False}


def window_start(today: dt.date) -> dt.date:
    """The first day that counts: three months before ``today``."""
    return add_months(today, -WINDOW_MONTHS)


def _organisation_level_series() -> Q:
    """The whole-population series of a whole organisation: the host trust's trust-level
    series, and a partner's site series (a partner's data is held on its sites)."""
    return Q(stratum_dimension="") & (
        Q(level=Level.TRUST) | Q(level=Level.SITE, site__organisation__is_host=False)
    )


def hard_signal_series(user: Any, since: dt.date) -> QuerySet[Series]:
    """The series ``user`` may see whose cached SPC is a warning in the window."""
    month_start = since.replace(day=1)  # a period is named by its first day
    candidates = Series.objects.filter(
        _organisation_level_series(),
        Q(variation_icon__in=CONCERN_ICONS) | Q(assurance_icon=CONSISTENT_FAIL),
        latest_period__gte=month_start,
    )
    return (
        visible_series(user, candidates)
        .select_related("metric", "site__organisation")
        .defer("spc_points", "spc_summary")
    )


def _hard_signals(series: Series) -> list[Signal]:
    url = org_unit_url(series)
    where = series.site.name if series.site is not None else ""
    assert series.latest_period is not None
    found = []
    if series.variation_icon in CONCERN_ICONS:
        found.append(
            Signal(
                "variation",
                VARIATION_LABELS[series.variation_icon],
                VARIATION_WEIGHT,
                series.latest_period,
                url,
                where,
            )
        )
    if series.assurance_icon == CONSISTENT_FAIL:
        found.append(
            Signal(
                "assurance",
                "Will consistently miss the target",
                ASSURANCE_WEIGHT,
                series.latest_period,
                url,
                where,
            )
        )
    return found


def early_warnings(
    user: Any, *, today: dt.date | None = None, open_only: bool = False
) -> list[OrganisationWarnings]:
    """Every organisation with a warning sign ``user`` may see, heaviest first.

    ``open_only`` leaves out restricted soft intelligence (for the meeting
    agenda, which the group's members from every partner read).
    """
    today = today or timezone.localdate()
    since = window_start(today)
    by_org: dict[int, OrganisationWarnings] = {}
    concerns: dict[tuple[int, tuple[str, str]], Concern] = {}

    def concern(org: Organisation, key: tuple[str, str], title: str) -> Concern:
        warnings = by_org.setdefault(org.pk, OrganisationWarnings(org))
        found = concerns.get((org.pk, key))
        if found is None:
            found = concerns[(org.pk, key)] = Concern(title, key)
            warnings.concerns.append(found)
        return found

    host = host_organisation()
    for series in hard_signal_series(user, since):
        # A site series is its site's organisation's; a trust series the host trust's.
        org = series.site.organisation if series.site is not None else host
        if org is None:
            continue
        signals = _hard_signals(series)
        concern(org, ("metric", series.metric.code), series.metric.name).signals.extend(signals)

    soft = visible_intelligence(user).filter(received_on__gte=since, received_on__lte=today)
    if open_only:
        soft = soft.filter(sensitivity=Sensitivity.OPEN)
    for entry in soft.select_related("organisation").order_by("received_on", "pk"):
        theme = entry.get_kind_display()
        concern(entry.organisation, ("theme", entry.kind), theme).signals.append(
            Signal(
                "soft",
                entry.summary if len(entry.summary) <= 120 else entry.summary[:117] + "…",
                entry.weight,
                entry.received_on,
                entry.get_absolute_url(),
                entry.source,
            )
        )

    for warnings in by_org.values():
        warnings.concerns.sort(key=lambda c: (-c.weight, -c.latest.toordinal(), c.title))
    return sorted(by_org.values(), key=lambda w: (-w.weight, w.organisation.name))


def list_state(user: Any, since: dt.date, today: dt.date) -> tuple[Any, ...]:
    """What the list for ``user`` is built from, in two aggregate queries.

    The signalling series (how many, which, when last computed) and the soft
    intelligence in the window (how many, which): a recompute, a share made
    or withdrawn, or an entry logged changes the tuple, so a list cached
    under it is never stale. Entries are not edited after they are logged.
    """
    hard = hard_signal_series(user, since).aggregate(
        stamp=Max("spc_computed_at"), count=Count("id"), ids=Sum("id")
    )
    soft = (
        visible_intelligence(user)
        .filter(received_on__gte=since, received_on__lte=today)
        .aggregate(count=Count("id"), ids=Sum("id"))
    )
    stamp = hard["stamp"].timestamp() if hard["stamp"] else 0
    return (stamp, hard["count"], hard["ids"] or 0, soft["count"], soft["ids"] or 0)
