"""Which projects the demo builds: how many, the mixes, and a plan for each before any row exists."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from qls.demo.context import DemoContext
from qls.demo.organisation.logins import DEMO_USERS
from qls.demo.projects import data
from qls.organisation.models import StaffMember, Ward
from qls.organisation.models.staff_groups import CLINICAL_STAFF_GROUPS

COUNTS = {"standard": 600, "full": 2_400}
STAGE_MIX = [
    ("idea", 14), ("scoping", 13), ("testing", 24),
    ("implementing", 15), ("sustaining", 11), ("closed", 23),
]  # fmt: skip
# Months since the start, by stage: later stages started longer ago.
STAGE_AGE = {
    "idea": (0, 3), "scoping": (1, 6), "testing": (4, 12),
    "implementing": (7, 16), "sustaining": (10, 22), "closed": (12, 34),
}  # fmt: skip
CATEGORY_MIX = [("fix", 25), ("improve", 50), ("change", 25)]
COPRODUCTION_MIX = [
    ("informing", 30), ("consulting", 30), ("involving", 25),
    ("collaborating", 10), ("devolving", 5),
]  # fmt: skip
ORDER = [s for s, _ in STAGE_MIX]
BASELINE_WEEKS = 14
LEAD_PROJECTS = 6  # projects the demo 'lead' log-in leads
COACH_PROJECTS = 12  # projects the demo 'coach' log-in coaches
SHIFT_SHARE = 0.35  # share of project-entered measures after an adoption that really shift
PROJECTS_PER_COACH = 10  # the coach pool is sized so each coaches a handful at once
COACH_LOAD = 7  # running projects (not closed) a pool coach takes on at most


@dataclass
class Plan:
    """One project to build, before any row exists."""

    topic: data.Topic
    ward: Ward | None
    site_code: str
    stage: str
    start: dt.date
    lead: StaffMember
    coach: StaffMember | None = None
    members: list[StaffMember] = field(default_factory=list)
    sponsor: StaffMember | None = None
    series: dict[str, Any] | None = None  # a linked ward series (values() row)
    adopt_on: dt.date | None = None  # forced adoption date (planted improvements)
    shift: bool = False  # project-entered data shifts after the adoption
    closed_on: dt.date | None = None  # when a closed project closed


class Planner:
    """Chooses each demo project's topic, ward, stage, dates and people."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("projects")
        self.today = timezone.localdate()
        self.count = COUNTS.get(ctx.scale, COUNTS["standard"])
        self.sites = sorted(ctx.sites)
        self.wards = {
            code: sorted(
                (w for w in ctx.wards.values() if w.in_programme and w.site.code == code),
                key=lambda w: w.code,
            )
            for code in self.sites
        }
        clinical = [m for m in ctx.staff if m.staff_group in CLINICAL_STAFF_GROUPS and m.site_id]
        self.clinical_by_site: dict[str, list[StaffMember]] = defaultdict(list)
        self.clinical_by_ward: dict[int, list[StaffMember]] = defaultdict(list)
        for m in clinical:
            self.clinical_by_site[m.site.code].append(m)
            if m.ward_id:
                self.clinical_by_ward[m.ward_id].append(m)
        senior = [m for m in ctx.staff if m.band in ("Band 8a", "Band 8b", "Band 8c", "Band 8d")]
        self.sponsors = senior or ctx.staff
        # Log-ins other than the demo coach have roles of their own, not coaching.
        coaches = [
            m
            for m in ctx.staff
            if m.band in ("Band 7", "Band 8a") and m.site_id and m.user_id is None
        ]
        wanted = max(14, self.count // PROJECTS_PER_COACH)
        self.coaches = self.rng.sample(coaches, min(wanted, len(coaches))) if coaches else []
        self.coach_load: dict[int, int] = defaultdict(int)
        by_number = {m.staff_number: m for m in ctx.staff}
        self.demo = {
            username: by_number.get(f"9{i:07d}") for i, (username, *_r) in enumerate(DEMO_USERS, 1)
        }
        # The demo coach is not in the random pool: they coach their own dozen (below),
        # which is already a full load.
        self.series = self._ward_series()

    # ------------------------------------------------------------ choosing

    def _ward_series(self) -> dict[tuple[str, str], dict[str, Any]]:
        from qls.measurement.models import Series

        rows = Series.objects.filter(level="ward", stratum_dimension="").values(
            "pk", "metric__code", "ward__code", "metric__frequency"
        )
        return {(r["metric__code"], r["ward__code"]): r for r in rows}

    def pick(self, mix: list[tuple[str, int]]) -> str:
        return self.rng.choices([k for k, _ in mix], [w for _, w in mix])[0]

    def start_for(self, stage: str) -> dt.date:
        low, high = STAGE_AGE[stage]
        days = self.rng.randint(low * 30, high * 30 + 20)
        return self.today - dt.timedelta(days=days)

    def person(self, site_code: str, ward: Ward | None) -> StaffMember:
        pool = self.clinical_by_site.get(site_code) or self.ctx.staff
        if ward is not None and self.rng.random() < 0.6:
            local = self.clinical_by_ward.get(ward.pk)
            if local:
                return self.rng.choice(local)
        return self.rng.choice(pool)

    def plans(self) -> list[Plan]:
        topics = {t.key: t for t in data.TOPICS}
        by_metric = {t.metric: t for t in data.TOPICS if t.metric}
        plans: list[Plan] = []
        # Planted: a project behind each deliberate improvement of the measurement demo.
        for metric, ward_code, first_improved in self.improvements():
            ward = self.ctx.wards.get(ward_code)
            topic = by_metric.get(metric)
            series = self.series.get((metric, ward_code))
            if ward is None or topic is None or series is None:
                continue
            weeks = self.rng.randint(2, 6)
            adopt_on = first_improved - dt.timedelta(weeks=weeks)
            stage = self.rng.choice(["implementing", "sustaining", "closed"])
            start = adopt_on - dt.timedelta(weeks=self.rng.randint(10, 16))
            plans.append(self.plan(topic, ward, stage, start, series=series, adopt_on=adopt_on))
        # The demo lead leads a few projects on their own ward.
        lead = self.demo.get("lead")
        if lead is not None and lead.ward is not None:
            led = [p for p in plans if p.ward and p.ward.pk == lead.ward_id]
            for p in led:
                p.lead = lead
            for i in range(max(0, LEAD_PROJECTS - len(led))):
                stage = ORDER[i % len(ORDER)]
                topic = topics[
                    ["falls", "wellbeing", "medicines", "nutrition", "discharge", "sepsis"][i % 6]
                ]
                p = self.plan(topic, lead.ward, stage, self.start_for(stage))
                p.lead = lead
                plans.append(p)
        while len(plans) < self.count:
            topic = self.rng.choices(data.TOPICS, [t.weight for t in data.TOPICS])[0]
            site = self.rng.choice(self.sites)
            ward = None if self.rng.random() < 0.12 else self.rng.choice(self.wards[site] or [None])
            stage = self.pick(STAGE_MIX)
            plan = self.plan(topic, ward, stage, self.start_for(stage), site_code=site)
            if plan.ward is not None and topic.metric and self.rng.random() < 0.12:
                plan.series = self.series.get((topic.metric, plan.ward.code))
            plans.append(plan)
        coach = self.demo.get("coach")
        if coach is not None:
            ordered = sorted(
                range(len(plans)),
                key=lambda i: (plans[i].ward is None or plans[i].ward.site_id != coach.site_id, i),
            )
            for i in ordered[:COACH_PROJECTS]:
                plans[i].coach = coach
        staff = self.demo.get("staff")
        if staff is not None:
            for p in plans[len(plans) // 3 :][:4]:
                p.members.append(staff)
        return plans

    def improvements(self) -> list[tuple[str, str, dt.date]]:
        found = self.ctx.extra.get("measurement_improvements")
        if found is not None:
            return list(found)
        from qls.demo.measurement.periods import demo_improvements

        return demo_improvements()

    def plan(
        self,
        topic: data.Topic,
        ward: Ward | None,
        stage: str,
        start: dt.date,
        *,
        site_code: str = "",
        series: dict[str, Any] | None = None,
        adopt_on: dt.date | None = None,
    ) -> Plan:
        site_code = ward.site.code if ward is not None else site_code
        members = [self.person(site_code, ward) for _ in range(self.rng.randint(0, 3))]
        lead = self.person(site_code, ward)
        plan = Plan(
            topic=topic,
            ward=ward,
            site_code=site_code,
            stage=stage,
            start=start,
            lead=lead,
            coach=self.coach_for(stage, lead) if ORDER.index(stage) >= 1 else None,
            members=members,
            sponsor=self.rng.choice(self.sponsors) if self.rng.random() < 0.7 else None,
            series=series,
            adopt_on=adopt_on,
            shift=adopt_on is None and self.rng.random() < SHIFT_SHARE,
        )
        if stage == "closed":
            plan.closed_on = self.closed_on(plan)
        return plan

    def coach_for(self, stage: str, lead: StaffMember) -> StaffMember | None:
        """A coach from the pool with room for another running project (closed ones
        free their place), never the project's own lead."""
        running = stage != "closed"
        free = [
            c
            for c in self.coaches
            if c.pk != lead.pk and (not running or self.coach_load[c.pk] < COACH_LOAD)
        ]
        if not free:
            return None
        coach = self.rng.choice(free)
        if running:
            self.coach_load[coach.pk] += 1
        return coach

    def closed_on(self, p: Plan) -> dt.date:
        """When a closed project closed: most run forty weeks to a year and a bit, none
        closes before its changes were tested, and every one closed at least a week ago."""
        planned = p.start + dt.timedelta(weeks=self.rng.randint(40, 60))
        latest = self.today - dt.timedelta(days=self.rng.randint(7, 45))
        earliest = (p.adopt_on or p.start + dt.timedelta(weeks=BASELINE_WEEKS)) + dt.timedelta(
            weeks=4
        )
        return max(min(planned, latest), min(earliest, self.today - dt.timedelta(days=7)))

    # ------------------------------------------------------------ building
