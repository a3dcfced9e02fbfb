"""The areas of QLS, in the order the header shows them.

Each area names the URL namespace that owns it, so the header can mark the
current one, and the permission needed to see it (None: every signed-in
person).
"""

from __future__ import annotations

from dataclasses import dataclass

from qls.core.permissions import VIEW_AUDIT, holds_any_permission


@dataclass(frozen=True)
class Area:
    slug: str
    label: str
    url_name: str
    namespaces: tuple[str, ...]
    permission: str | None = None
    summary: str = ""


AREAS: tuple[Area, ...] = (
    Area("home", "Home", "core:home", ("core",)),
    Area(
        "projects",
        "Projects",
        "projects:index",
        ("projects",),
        summary="Register QI projects, build driver diagrams, run PDSA cycles and see "
        "which changes improved care.",
    ),
    Area(
        "data",
        "Quality data",
        "measurement:index",
        ("measurement",),
        permission="measurement.view_metric",
        summary="The dataset catalogue, metrics and SPC dashboards for every ward, site "
        "and the trust, split by health inequalities.",
    ),
    Area(
        "learning",
        "Learning",
        "capability:index",
        ("capability",),
        summary="QSIR courses and cohorts, self-efficacy surveys, coaching, QI clinics "
        "and action learning sets.",
    ),
    Area(
        "wards",
        "Ward programme",
        "wards:index",
        ("wards",),
        summary="Waves of wards through diagnostic, engagement, action and sustain, "
        "and ward accreditation.",
    ),
    Area(
        "community",
        "Community",
        "community:index",
        ("community",),
        summary="The forum, the resource library, the introductory e-learning, the "
        "glossary of improvement language and the annual celebration of improvement.",
    ),
    Area(
        "reports",
        "Board reports",
        "reports:index",
        ("reports",),
        permission="reports.view_report",
        summary="Integrated quality reports in Making Data Count style: the summary "
        "matrix, every metric's SPC and a narrative for each exception.",
    ),
    Area(
        "system",
        "System",
        "system:index",
        ("system",),
        permission="system.view_qualityrisk",
        summary="Quality oversight across the integrated care system's partners: the "
        "quality risk register, its escalation decisions and the reviews due.",
    ),
    Area("organisation", "Organisation", "organisation:index", ("organisation",)),
    Area(
        "admin",
        "Administration",
        "administration:index",
        ("administration",),
        permission=VIEW_AUDIT,
    ),
)

AREAS_BY_SLUG = {area.slug: area for area in AREAS}


def visible_areas(user) -> list[Area]:
    # An account with no role (so no permission) reaches no area.
    if not holds_any_permission(user):
        return []
    return [a for a in AREAS if a.permission is None or user.has_perm(a.permission)]
