"""A dashboard's scope (the trust, a site or a ward) and its own series."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from qls.core.breadcrumbs import home
from qls.measurement.charts.series import without_points
from qls.measurement.models import Level, Series
from qls.organisation.models import Site, Ward


@dataclass
class Scope:
    """One org unit, as seen by one person: ``seen`` limits every series it
    gives to those the person may see (``sharing.Viewer.filter``)."""

    level: str
    site: Site | None = None
    ward: Ward | None = None
    seen: Q = field(default_factory=Q)

    @classmethod
    def find(cls, level: str, code: str | None = None, seen: Q | None = None) -> Scope:
        """The scope named in a URL, or 404."""
        seen = Q() if seen is None else seen
        if level == Level.TRUST:
            return cls(Level.TRUST, seen=seen)
        if level == Level.SITE:
            site = Site.objects.filter(code=code).first()
            if site is None:
                raise Http404("No such site")
            return cls(Level.SITE, site=site, seen=seen)
        if level == Level.WARD:
            ward = Ward.objects.select_related("site").filter(code=code).first()
            if ward is None:
                raise Http404("No such ward")
            return cls(Level.WARD, site=ward.site, ward=ward, seen=seen)
        raise Http404("No such level")

    @property
    def name(self) -> str:
        if self.ward:
            return self.ward.name
        if self.site:
            return self.site.name
        return "Trust"

    @property
    def code(self) -> str:
        return self.ward.code if self.ward else self.site.code if self.site else ""

    @property
    def url(self) -> str:
        if self.ward:
            return reverse("measurement:ward_dashboard", args=[self.ward.code])
        if self.site:
            return reverse("measurement:site_dashboard", args=[self.site.code])
        return reverse("measurement:index")

    def query(self) -> dict[str, Any]:
        """Query-string values naming this scope (for list links)."""
        return {"level": self.level, "unit": self.code} if self.code else {"level": self.level}

    def own(self) -> Q:
        """This unit's own series (whole population, every metric) the person may see."""
        q = Q(level=self.level, stratum_dimension="")
        if self.ward:
            q &= Q(ward=self.ward)
        elif self.site:
            q &= Q(site=self.site)
        return q & self.seen

    def subtree(self) -> Q:
        """This unit's series and those of every unit under it (no strata) the
        person may see."""
        q = Q(stratum_dimension="")
        if self.ward:
            q &= Q(ward=self.ward)
        elif self.site:
            q &= Q(site=self.site)
        return q & self.seen

    @staticmethod
    def subtree_by_code(level: str, code: str | None) -> Q:
        """``subtree()`` of the scope a URL names, without loading the unit first."""
        q = Q(stratum_dimension="")
        if level == Level.WARD:
            q &= Q(ward__code=code)
        elif level == Level.SITE:
            q &= Q(site__code=code)
        return q

    def crumbs(self) -> list[tuple[str, str]]:
        """Parents of this scope's dashboard (the trust, then the site)."""
        out = home()
        if self.site or self.ward:
            out.append(("Trust dashboard", reverse("measurement:index")))
        if self.ward and self.site:
            out.append(
                (self.site.name, reverse("measurement:site_dashboard", args=[self.site.code]))
            )
        return out


def own_series(scope: Scope) -> list[Series]:
    """The scope's series that have results, ordered by domain then metric name."""
    qs = without_points(Series.objects.filter(scope.own(), metric__active=True)).exclude(
        variation_icon=""
    )
    return sorted(
        qs,
        key=lambda s: (
            s.metric.domain.order if s.metric.domain else 99,
            not s.metric.is_key,
            s.metric.name,
        ),
    )
