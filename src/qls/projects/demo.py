"""Demo QI projects: ~600 across the three sites (2,400 at ``--scale full``).

Registered as demo step 500 (after the measurement step, 400). Every stage,
category and strategic aim is represented; projects past scoping have a
driver diagram, those testing or later have PDSA cycles (ramps of up to
three, ending in adopt, adapt or abandon) and measures, and closed ones have
an evaluation. Measures come in three kinds, so evidence of improvement
means something:

* linked to the QLS series of a deliberate improvement in the measurement
  demo (``demo_improvements``), with the change adopted two to six weeks
  before the shift — the evidence rule really finds these;
* project-entered weekly data, some with a lasting shift a few weeks after
  the adopted change, some without any change;
* linked to an ordinary ward series, where the data decides.

The demo log-ins take part: 'lead' leads several projects on their ward
(including the falls project behind a real improvement), 'coach' coaches a
dozen, 'staff' is a team member on a few. Rows are bulk-inserted without
audit history (see ``qls.organisation.demo``); evidence and the search
index are computed in bulk at the end. Deterministic for a seed, except that
dates are placed relative to today, as the measurement demo's are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from qls.organisation.demo import DEMO_USERS, DemoContext, DemoStep
from qls.organisation.models import (
    CLINICAL_STAFF_GROUPS,
    QualityDomain,
    StaffMember,
    StrategicAim,
    Ward,
)
from qls.projects import demo_data as data
from qls.projects.models import (
    DriverNode,
    Evaluation,
    Evidence,
    Measure,
    MeasureValue,
    PDSACycle,
    Programme,
    ProgressScore,
    Project,
    ProjectMember,
    Recalculation,
    SearchDocument,
    StageChange,
    Tag,
)

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


def _raw_delete(*models: type[Model]) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def reset_projects(ctx: DemoContext) -> None:
    _raw_delete(
        SearchDocument,
        ProgressScore,
        Evaluation,
        Evidence,
        Recalculation,
        MeasureValue,
        Measure,
        PDSACycle,
        DriverNode,
        StageChange,
        ProjectMember,
        Project.tags.through,
        Project.domains.through,
        Project.strategic_aims.through,
        Project,
        Tag,
    )
    Programme.objects.filter(name__in=[name for name, _ in data.PROGRAMMES]).delete()


def _set_datetimes(model: type[Model], column: str, pairs: list[tuple[dt.datetime, int]]) -> None:
    """Set one timestamp column per row: ``auto_now_add`` stamped "now" at insert,
    and bulk_update's CASE expression is slow for thousands of rows."""
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
            [(adapt(value), pk) for value, pk in pairs],
        )


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


class Builder:
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
        from qls.measurement.demo import demo_improvements

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

    def build(self) -> dict[str, int]:
        plans = self.plans()
        aims = {a.number: a for a in StrategicAim.objects.all()}
        domains = {d.slug: d for d in QualityDomain.objects.all()}
        programmes = [
            Programme.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in data.PROGRAMMES
        ]
        tags = {
            name: Tag.objects.get_or_create(name=name)[0]
            for name in sorted({t for topic in data.TOPICS for t in topic.tags})
        }
        projects = []
        for p in plans:
            projects.append(self.project(p, programmes))
        projects = Project.objects.bulk_create(projects, batch_size=500)
        # Registration dates: auto_now_add stamped "now"; put them where the story says.
        for project, p in zip(projects, plans, strict=True):
            registered = p.start - dt.timedelta(days=self.rng.randint(0, 21))
            project.created_at = timezone.make_aware(
                dt.datetime.combine(registered, dt.time(9 + self.rng.randint(0, 8), 0))
            )
        _set_datetimes(Project, "created_at", [(p.created_at, p.pk) for p in projects])
        self.links(projects, plans, aims, domains, tags)
        self.team(projects, plans)
        self.stage_changes(projects, plans)
        ideas = self.diagrams(projects, plans)
        adoptions = self.cycles(projects, plans, ideas)
        measures = self.measures(projects, plans, adoptions)
        self.evaluations(projects, plans)
        found = self.evidence(measures, adoptions)
        from qls.projects.search import index_projects

        indexed = index_projects()
        return {"projects": len(projects), "evidence": found, "indexed": indexed}

    def project(self, p: Plan, programmes: list[Programme]) -> Project:
        t, rng = p.topic, self.rng
        site = self.ctx.sites[p.site_code]
        words = {
            "ward": p.ward.name if p.ward else site.name,
            "site": site.name,
            "target": rng.choice(t.targets),
            "date": f"{p.start + dt.timedelta(days=rng.randint(180, 360)):%B %Y}",
        }
        closed = p.stage == "closed"
        outcome = rng.choices(["spread", "sustained", "stopped"], [3, 5, 2])[0] if closed else ""
        return Project(
            title=_words(rng.choice(t.titles), words, ward=p.ward),
            problem=_words(rng.choice(t.problems), words, ward=p.ward),
            aim_statement=_words(rng.choice(t.aim_statements), words, ward=p.ward),
            site=site,
            ward=p.ward,
            specialty=p.ward.specialty if p.ward else None,
            start_date=p.start,
            target_date=p.start + dt.timedelta(days=rng.randint(180, 400)),
            category=self.pick(CATEGORY_MIX),
            coproduction_level=self.pick(COPRODUCTION_MIX),
            patient_involvement=rng.choice(
                [
                    "",
                    "Patient partner on the project team.",
                    "Patients and families asked what mattered to them on the ward.",
                    "Feedback cards from patients reviewed at each PDSA cycle.",
                ]
            ),
            programme=rng.choice(programmes) if rng.random() < 0.35 else None,
            stage=p.stage,
            closure_outcome=outcome,
            closure_reason=data.CLOSURE_REASONS.get(outcome, ""),
            created_by=self.ctx.users.get("lead") if p.lead is self.demo.get("lead") else None,
        )

    def links(self, projects, plans, aims, domains, tags) -> None:  # type: ignore[no-untyped-def]
        A, D, T = (Project.strategic_aims.through, Project.domains.through, Project.tags.through)
        a_rows, d_rows, t_rows = [], [], []
        for project, p in zip(projects, plans, strict=True):
            numbers = set(p.topic.aims)
            if self.rng.random() < 0.15:
                numbers.add(4)  # a quality learning system: data and learning
            a_rows += [
                A(project_id=project.pk, strategicaim_id=aims[n].pk)
                for n in sorted(numbers)
                if n in aims
            ]
            d_rows += [
                D(project_id=project.pk, qualitydomain_id=domains[s].pk)
                for s in p.topic.domains
                if s in domains
            ]
            t_rows += [T(project_id=project.pk, tag_id=tags[n].pk) for n in p.topic.tags]
        A.objects.bulk_create(a_rows, batch_size=1000)
        D.objects.bulk_create(d_rows, batch_size=1000)
        T.objects.bulk_create(t_rows, batch_size=1000)

    def team(self, projects, plans) -> None:  # type: ignore[no-untyped-def]
        rows = []
        for project, p in zip(projects, plans, strict=True):
            # Each person once per team, in the role that matters most to the project.
            seen = set()
            people = [(p.lead, "lead")]
            if p.coach:
                people.append((p.coach, "coach"))
            if p.sponsor:
                people.append((p.sponsor, "sponsor"))
            people += [(m, "member") for m in p.members]
            for person, role in people:
                if person.pk in seen:
                    continue
                seen.add(person.pk)
                rows.append(ProjectMember(project=project, staff=person, role=role))
        ProjectMember.objects.bulk_create(rows, batch_size=1000)

    def stage_changes(self, projects, plans) -> None:  # type: ignore[no-untyped-def]
        # Most demo staff have no log-in; the improvement team records their
        # moves, and the demo lead and coach their own.
        users = self.ctx.users
        team = users.get("improvement")
        rows, when = [], []
        for project, p in zip(projects, plans, strict=True):
            by = users.get("lead") if p.lead is self.demo.get("lead") else team
            approver = users.get("coach") if p.coach is self.demo.get("coach") else team
            if approver == by:
                # Nobody approves a move they asked for; the coach has no log-in to name.
                approver = None
            steps = ORDER.index(p.stage)
            if p.closed_on:
                # The last move, to closed, is the day it closed.
                span, parts = max(1, (p.closed_on - p.start).days), steps
            else:
                span, parts = max(1, (self.today - p.start).days), steps + 1
            for i in range(steps):
                at = p.start + dt.timedelta(days=span * (i + 1) // parts)
                rows.append(
                    StageChange(
                        project=project,
                        from_stage=ORDER[i],
                        to_stage=ORDER[i + 1],
                        status=StageChange.Status.APPROVED,
                        by=by,
                        approved_by=approver if i >= 1 else None,
                        decided_at=timezone.make_aware(dt.datetime.combine(at, dt.time(12))),
                    )
                )
                when.append(at)
        made = StageChange.objects.bulk_create(rows, batch_size=1000)
        _set_datetimes(
            StageChange,
            "at",
            [
                (timezone.make_aware(dt.datetime.combine(at, dt.time(11))), row.pk)
                for row, at in zip(made, when, strict=True)
            ],
        )

    def diagrams(self, projects, plans) -> dict[int, list[DriverNode]]:  # type: ignore[no-untyped-def]
        """Driver diagrams for projects past the idea stage; returns change ideas per project."""
        rng = self.rng
        primaries, todo = [], []
        for project, p in zip(projects, plans, strict=True):
            if p.stage == "idea":
                continue
            t = p.topic
            for i, text in enumerate(rng.sample(t.primary, min(len(t.primary), rng.randint(2, 3)))):
                primaries.append(DriverNode(project=project, kind="primary", text=text, position=i))
                todo.append(p)
        primaries = DriverNode.objects.bulk_create(primaries, batch_size=1000)
        secondaries, sec_plans = [], []
        for node, p in zip(primaries, todo, strict=True):
            for i, text in enumerate(
                rng.sample(p.topic.secondary, min(len(p.topic.secondary), rng.randint(1, 2)))
            ):
                secondaries.append(
                    DriverNode(
                        project_id=node.project_id,
                        parent=node,
                        kind="secondary",
                        text=text,
                        position=i,
                    )
                )
                sec_plans.append(p)
        secondaries = DriverNode.objects.bulk_create(secondaries, batch_size=1000)
        ideas = []
        used: dict[int, set[str]] = defaultdict(set)
        for node, p in zip(secondaries, sec_plans, strict=True):
            options = [t for t in p.topic.ideas if t not in used[node.project_id]]
            for i, text in enumerate(rng.sample(options, min(len(options), rng.randint(1, 2)))):
                used[node.project_id].add(text)
                ideas.append(
                    DriverNode(
                        project_id=node.project_id,
                        parent=node,
                        kind="change_idea",
                        text=text,
                        position=i,
                    )
                )
        ideas = DriverNode.objects.bulk_create(ideas, batch_size=1000)
        out: dict[int, list[DriverNode]] = defaultdict(list)
        for idea in ideas:
            out[idea.project_id].append(idea)
        return out

    def cycles(
        self, projects, plans, ideas
    ) -> dict[int, list[tuple[dt.date, DriverNode, PDSACycle]]]:  # type: ignore[no-untyped-def]
        """PDSA ramps; returns each project's adoptions (date, idea, cycle)."""
        rng = self.rng
        ramps: list[list[PDSACycle]] = []
        ramp_ideas: list[DriverNode] = []
        for project, p in zip(projects, plans, strict=True):
            if ORDER.index(p.stage) < ORDER.index("testing") or not ideas.get(project.pk):
                continue
            # Nothing is tested after a project closed.
            horizon = min(p.closed_on or self.today, self.today)
            tested = ideas[project.pk][: rng.randint(1, 3)]
            for k, idea in enumerate(tested):
                length = rng.randint(1, 3)
                first = p.start + dt.timedelta(weeks=BASELINE_WEEKS // 2 + 3 * k)
                adopt_at = p.adopt_on if (p.adopt_on and k == 0) else None
                if adopt_at:
                    first = adopt_at - dt.timedelta(weeks=2 * length + 1)
                ramp = []
                for n in range(length):
                    started = first + dt.timedelta(weeks=2 * n)
                    if p.closed_on and started > horizon:
                        break
                    ended = started + dt.timedelta(days=rng.randint(7, 13))
                    last = n == length - 1
                    if last and adopt_at:
                        decision, ended = "adopt", adopt_at
                    elif not last:
                        decision = "adapt"
                    elif p.adopt_on:
                        # The planted change is the one adopted before the improvement.
                        decision = rng.choice(["adapt", "abandon"])
                    elif p.stage == "testing" and rng.random() < 0.5:
                        decision = ""
                    else:
                        decision = rng.choices(["adopt", "adapt", "abandon"], [6, 2, 2])[0]
                    if ended > horizon:
                        decision, ended = "", None
                    ramp.append(
                        PDSACycle(
                            change_idea=idea,
                            number=n + 1,
                            title=f"{idea.text}: test {n + 1}",
                            plan_what=rng.choice(data.PDSA_PLANS).format(idea=idea.text.lower()),
                            plan_who=rng.choice(
                                ["Day team", "Night team", "Ward sister and two HCAs", "Whole ward"]
                            ),
                            plan_where=rng.choice(["Bay A", "Bay B", "Side rooms", "Whole ward"]),
                            plan_when=f"Two weeks from {started:%d %B %Y}",
                            prediction=rng.choice(data.PREDICTIONS),
                            do_notes=rng.choice(data.DO_NOTES) if ended else "",
                            study_notes=rng.choice(data.STUDY_NOTES) if decision else "",
                            act_decision=decision,
                            act_notes=data.ACT_NOTES.get(decision, ""),
                            started_on=started if started <= horizon else None,
                            ended_on=ended if decision else None,
                        )
                    )
                if ramp:
                    ramps.append(ramp)
                    ramp_ideas.append(idea)
        # One bulk insert per cycle number, so each cycle can point at the one before.
        depth = max((len(r) for r in ramps), default=0)
        for n in range(depth):
            batch = [r[n] for r in ramps if len(r) > n]
            for r in ramps:
                if len(r) > n and n:
                    r[n].previous_id = r[n - 1].pk
            PDSACycle.objects.bulk_create(batch, batch_size=1000)
        adoptions: dict[int, list[tuple[dt.date, DriverNode, PDSACycle]]] = defaultdict(list)
        for ramp, idea in zip(ramps, ramp_ideas, strict=True):
            for c in ramp:
                if c.act_decision == "adopt" and c.ended_on:
                    adoptions[idea.project_id].append((c.ended_on, idea, c))
        return adoptions

    def measures(self, projects, plans, adoptions) -> list[tuple[Measure, list[Any] | None]]:  # type: ignore[no-untyped-def]
        """Measures for projects testing or later; returns (measure, entered rows or None)."""
        from qls.measurement.models import Metric, Series

        rng = self.rng
        metrics = {
            s.pk: s.metric
            for s in Series.objects.filter(
                pk__in=[p.series["pk"] for p in plans if p.series]
            ).select_related("metric")
        }
        made: list[tuple[Measure, list[Any] | None]] = []
        values: list[tuple[Any, ...]] = []
        for project, p in zip(projects, plans, strict=True):
            if ORDER.index(p.stage) < ORDER.index("testing"):
                continue
            t = p.topic
            if p.series:
                metric: Metric = metrics[p.series["pk"]]
                made.append((
                    Measure(
                        project=project, kind="outcome", name=metric.name,
                        operational_definition=metric.definition,
                        improvement_direction=metric.improvement_direction,
                        target=metric.target, chart_type=metric.chart_type,
                        frequency=metric.frequency, unit=metric.unit,
                        series_id=p.series["pk"], position=0,
                    ),
                    None,
                ))  # fmt: skip
            else:
                name, unit, _chart, direction = t.measure
                rows = self.entered(p, direction, adoptions.get(project.pk, []), unit)
                made.append((
                    Measure(
                        project=project, kind="outcome", name=name, unit=unit,
                        operational_definition=f"{name}, counted each week by the project team.",
                        improvement_direction=direction, chart_type="xmr", frequency="week",
                        position=0,
                    ),
                    rows,
                ))  # fmt: skip
            if t.process and rng.random() < 0.5:
                name, unit, _chart, direction = t.process
                rows = self.entered(p, direction, [], unit)
                made.append((
                    Measure(
                        project=project, kind="process", name=name, unit=unit,
                        improvement_direction=direction, chart_type="xmr", frequency="week",
                        position=1,
                    ),
                    rows,
                ))  # fmt: skip
        saved = Measure.objects.bulk_create([m for m, _ in made], batch_size=1000)
        out = []
        adapt = connection.ops.adapt_datefield_value
        for measure, (_m, rows) in zip(saved, made, strict=True):
            out.append((measure, rows))
            values.extend((measure.pk, adapt(period), value) for period, value in rows or [])
        # Plain executemany: tens of thousands of rows, no model instances needed.
        table = connection.ops.quote_name(MeasureValue._meta.db_table)
        with connection.cursor() as cursor:
            for i in range(0, len(values), 5000):
                cursor.executemany(
                    f"INSERT INTO {table} (measure_id, period, value) VALUES (%s, %s, %s)",
                    values[i : i + 5000],
                )
        return out

    def entered(
        self, p: Plan, direction: str, adopted: list[Any], unit: str
    ) -> list[tuple[dt.date, float]]:
        """Weekly project-entered values from a baseline before the start to now (or closure)."""
        rng = self.rng
        monday = p.start - dt.timedelta(days=p.start.weekday()) - dt.timedelta(weeks=BASELINE_WEEKS)
        last = self.today - dt.timedelta(days=self.today.weekday() + 7)
        if p.closed_on:
            last = min(last, p.closed_on)
        percent = unit == "%"
        mean = rng.uniform(55, 80) if percent else rng.uniform(4, 9)
        if percent and direction == "decrease":
            mean = rng.uniform(8, 20)
        sd = mean * 0.08
        shift_from = None
        if p.shift and adopted:
            shift_from = min(a[0] for a in adopted) + dt.timedelta(weeks=rng.randint(2, 5))
        step = (1 if direction == "increase" else -1) * mean * rng.uniform(0.25, 0.35)
        rows = []
        week = monday
        while week <= last:
            value = rng.gauss(mean, sd)
            if shift_from and week >= shift_from:
                value += step
            if percent:
                value = min(100.0, max(0.0, value))
            rows.append((week, round(max(0.0, value), 1)))
            week += dt.timedelta(weeks=1)
        return rows

    def evaluations(self, projects, plans) -> None:  # type: ignore[no-untyped-def]
        rng = self.rng
        rows, written = [], []
        now = timezone.now()
        for project, p in zip(projects, plans, strict=True):
            if p.stage != "closed" or p.closed_on is None:
                continue
            # Written up in the weeks after closing, as the closure asks for it.
            day = p.closed_on + dt.timedelta(days=rng.randint(0, 21))
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(15)))
            written.append(min(at, now))
            achieved = {
                "spread": "yes",
                "sustained": rng.choice(["yes", "partly"]),
                "stopped": "no",
            }[project.closure_outcome]
            lessons = (
                rng.choice(p.topic.lessons)
                if p.topic.lessons
                else (
                    "Small tests of change on one bay built confidence before the whole ward changed."
                )
            )
            rows.append(
                Evaluation(
                    project=project,
                    aim_achieved=achieved,
                    evidence="See the SPC charts of the outcome measure on the project page.",
                    sustainability_plan="Included in the ward induction and checked at the monthly quality meeting.",
                    spread_potential=rng.choice(
                        ["Relevant to every adult inpatient ward.", "Could spread to the other two sites.",
                         "Specific to this ward's layout; the approach, not the change, could spread."]
                    ),
                    costs_benefits=rng.choice(
                        ["No extra staff cost; fewer bed days lost to harm.",
                         "Equipment cost under £2,000, recovered in the first quarter.",
                         "Staff time for training, about 20 hours in total."]
                    ),
                    lessons_learned=lessons,
                    do_differently=rng.choice(
                        ["Involve the night team from the first cycle.",
                         "Agree the measure's definition before collecting baseline data.",
                         "Ask patients earlier what mattered to them."]
                    ),
                )
            )  # fmt: skip
        made = Evaluation.objects.bulk_create(rows, batch_size=1000)
        # completed_at is auto_now: put each where the project's story says.
        _set_datetimes(
            Evaluation, "completed_at", [(at, e.pk) for e, at in zip(made, written, strict=True)]
        )

    def evidence(self, measures, adoptions) -> int:  # type: ignore[no-untyped-def]
        """Evidence of improvement for every measure, as the project pages would compute it."""
        from qls.projects.evidence import Adoption, evidence_window, find_evidence, sentence
        from qls.projects.measure_analysis import NotEnoughData, analyse_measure
        from qls.projects.paste import Row
        from qls.spc import SpcInputError

        rows = []
        found = 0
        for measure, entered in measures:
            adopted = [
                Adoption(on=on, idea=idea.text, idea_id=idea.pk, cycle_id=cycle.pk)
                for on, idea, cycle in sorted(
                    adoptions.get(measure.project_id, []), key=lambda a: (a[0], a[1].text)
                )
            ]
            finding = None
            if adopted and measure.improvement_direction in ("increase", "decrease"):
                data_rows = (
                    None if entered is None else [Row(period, value=v) for period, v in entered]
                )
                try:
                    analysis = analyse_measure(
                        measure, rows=data_rows, adopted=adopted, recalculate_from=()
                    )
                    finding = find_evidence(
                        analysis.points,
                        adopted,
                        direction=measure.improvement_direction,
                        window=evidence_window(),
                    )
                except (NotEnoughData, SpcInputError):
                    finding = None
            found += finding is not None
            rows.append(
                Evidence(
                    measure=measure,
                    found=finding is not None,
                    first_period=finding.first_period if finding else None,
                    change_idea_id=finding.adoption.idea_id if finding else None,
                    cycle_id=finding.adoption.cycle_id if finding else None,
                    adopted_on=finding.adoption.on if finding else None,
                    rule=finding.rule if finding else "",
                    sentence=sentence(measure.name, finding, measure.frequency) if finding else "",
                )
            )
        Evidence.objects.bulk_create(rows, batch_size=1000)
        return found


def _words(template: str, words: dict[str, str], *, ward: Ward | None) -> str:
    """Fill a topic's sentence; a project across a whole site is "at" the hospital,
    never "on" it as a ward would be."""
    if ward is None:
        template = template.replace("on {ward}", "at {site}")
    return template.format(**words)


def approve_a_recalculation(ctx: DemoContext) -> Recalculation | None:
    """One measure whose coach agreed to recalculate its limits after an adopted change.

    The demo coach's projects are looked at first, then any coached project;
    among measures QLS proposes a recalculation for, one that is
    "consistently failing" on its old limits is preferred, as that is where
    the recalculation matters most.
    """
    from qls.projects import recalculation
    from qls.projects.measure_analysis import NotEnoughData, analyse_measure
    from qls.projects.measure_inputs import adoptions
    from qls.spc import SpcInputError

    coached = ProjectMember.objects.filter(
        role=ProjectMember.Role.COACH, staff__user__isnull=False
    ).select_related("staff__user")
    coach_of = {m.project_id: m.staff.user for m in coached}
    demo_coach = ctx.users.get("coach")
    candidates = (
        Measure.objects.filter(evidence__found=True, project_id__in=list(coach_of))
        .exclude(target=None)
        .select_related("project", "series", "series__metric")
        .order_by("pk")
    )
    ranked = sorted(candidates, key=lambda m: coach_of[m.project_id] != demo_coach)
    best = None
    for measure in ranked[:200]:
        adopted = adoptions(measure.project)
        try:
            analysis = analyse_measure(measure, adopted=adopted)
        except (NotEnoughData, SpcInputError):
            continue
        proposal = recalculation.current_proposal(measure, analysis, adopted)
        if proposal is None:
            continue
        if best is None:
            best = (measure, proposal)
        if analysis.assurance_icon == "consistent_fail":
            best = (measure, proposal)
            break
    if best is None:
        return None
    measure, proposal = best
    return recalculation.record_decision(
        measure=measure,
        proposal=proposal,
        approve=True,
        reason="The change is how the ward works now; judge the target on the process as it is.",
        by=coach_of[measure.project_id],
    )


def build_projects(ctx: DemoContext) -> None:
    counts = Builder(ctx).build()
    recalculated = approve_a_recalculation(ctx)
    from qls.projects.demo_scores import confirm_demo_scores

    scored, overridden = confirm_demo_scores(ctx)
    ctx.log(
        f"  {counts['projects']:,} QI projects, {counts['evidence']:,} measures with evidence "
        f"of improvement, {counts['indexed']:,} indexed for search, "
        f"{'one' if recalculated else 'no'} measure's limits recalculated after a change, "
        f"{scored:,} IHI progress scores confirmed ({overridden} overridden with a reason)"
    )


STEP = DemoStep("projects", 500, build_projects, reset_projects)
