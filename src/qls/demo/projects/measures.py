"""The demo projects' PDSA cycles, measures, evaluations and evidence of improvement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection
from django.utils import timezone

from qls.demo.projects import data
from qls.demo.projects.plan import BASELINE_WEEKS, ORDER, Plan
from qls.demo.projects.rows import ProjectRows, set_datetimes
from qls.projects.models import (
    DriverNode,
    Evaluation,
    Evidence,
    Measure,
    MeasureValue,
    PDSACycle,
)


class MeasureRows(ProjectRows):
    """Writes the cycles, measures and evaluations of the planned projects."""

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
        set_datetimes(
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
