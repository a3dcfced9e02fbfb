"""What a project measure is analysed on: its data and its project's adopted changes."""

from __future__ import annotations

from qls.projects.evidence import Adoption
from qls.projects.models import Measure, PDSACycle, Project
from qls.projects.paste import Row


def measure_rows(measure: Measure) -> list[Row]:
    """The measure's data, from its linked QLS series or its own entered values."""
    series = measure.series if measure.series_id else None
    if series is not None:
        observations = series.observations.order_by("period").values_list(
            "period", "value", "numerator", "denominator"
        )
        if measure.is_ratio:
            return [
                Row(p, numerator=n, denominator=d) if n is not None and d else Row(p, value=v)
                for p, v, n, d in observations
            ]
        return [Row(p, value=v) for p, v, _n, _d in observations]
    return [
        Row(v.period, value=v.value, numerator=v.numerator, denominator=v.denominator)
        for v in measure.values.order_by("period")
    ]


def adoptions(project: Project) -> list[Adoption]:
    """Every change idea adopted in the project, dated by its PDSA act decision."""
    cycles = (
        PDSACycle.objects.filter(
            change_idea__project=project,
            act_decision=PDSACycle.Act.ADOPT,
            ended_on__isnull=False,
        )
        .select_related("change_idea")
        .order_by("ended_on", "pk")
    )
    return [
        Adoption(on=c.ended_on, idea=c.change_idea.text, idea_id=c.change_idea_id, cycle_id=c.pk)
        for c in cycles
        if c.ended_on is not None
    ]
