"""The demo projects' own rows: the project, its links, team, stage history and driver diagram."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from qls.demo.projects import data
from qls.demo.projects.plan import CATEGORY_MIX, COPRODUCTION_MIX, ORDER, Plan, Planner
from qls.organisation.models import (
    Ward,
)
from qls.projects.models import (
    DriverNode,
    Programme,
    Project,
    ProjectMember,
    StageChange,
)


def set_datetimes(model: type[Model], column: str, pairs: list[tuple[dt.datetime, int]]) -> None:
    """Set one timestamp column per row: ``auto_now_add`` stamped "now" at insert,
    and bulk_update's CASE expression is slow for thousands of rows."""
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
            [(adapt(value), pk) for value, pk in pairs],
        )


def fill_words(template: str, words: dict[str, str], *, ward: Ward | None) -> str:
    """Fill a topic's sentence; a project across a whole site is "at" the hospital,
    never "on" it as a ward would be."""
    if ward is None:
        template = template.replace("on {ward}", "at {site}")
    return template.format(**words)


class ProjectRows(Planner):
    """Writes each planned project and what hangs directly off it."""

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
            title=fill_words(rng.choice(t.titles), words, ward=p.ward),
            problem=fill_words(rng.choice(t.problems), words, ward=p.ward),
            aim_statement=fill_words(rng.choice(t.aim_statements), words, ward=p.ward),
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
        set_datetimes(
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
