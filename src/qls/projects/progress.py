"""The IHI progress score, suggested from a project's stage and evidence.

The Institute for Healthcare Improvement's scale from 0.5 to 5 says how far a
project has come, from "intent to participate" to "outstanding sustainable
results". Teams elsewhere type it in by hand each month; QLS suggests it
from what the project has recorded, says which facts led to it, and the
coach confirms it or overrides it with a reason (``qls.projects.scores``).

This module is the rule alone: plain facts in, a suggestion out, no
database, so every rung can be tested with constructed facts. The rule is
written out for users in docs/ihi-progress-score.md; keep the two in step.

Each rung has a test on the facts; the suggestion is the highest rung whose
test holds, with the facts that met it as its reasons, and what the next
rung needs. The rungs build on each other in practice (evidence needs an
adopted change, which needs a tested one), so taking the highest is the
same as climbing them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# (value, label): the IHI scale, lowest first.
SCALE: tuple[tuple[Decimal, str], ...] = (
    (Decimal("0.5"), "Intent to participate"),
    (Decimal("1.0"), "Forming team"),
    (Decimal("1.5"), "Planning for the project has begun"),
    (Decimal("2.0"), "Activity, but no changes"),
    (Decimal("2.5"), "Changes tested, but no improvement"),
    (Decimal("3.0"), "Modest improvement"),
    (Decimal("3.5"), "Improvement"),
    (Decimal("4.0"), "Significant improvement"),
    (Decimal("4.5"), "Sustainable improvement"),
    (Decimal("5.0"), "Outstanding sustainable results"),
)
LABELS: dict[Decimal, str] = dict(SCALE)
VALUES: tuple[Decimal, ...] = tuple(v for v, _ in SCALE)

# Points after an improvement signal became visible (a shift's seventh point)
# that must follow, the latest of them all still special cause improvement,
# for it to count as sustained.
SUSTAIN_POINTS = 6

LATER_STAGES = ("testing", "implementing", "sustaining", "closed")


def label(value: Decimal) -> str:
    """'3.5 Improvement'."""
    return f"{value} {LABELS[value]}"


def parse(text: str) -> Decimal | None:
    """A value on the scale from its text ('3.5', '3'), or None if it is not on it."""
    try:
        value = Decimal(str(text).strip()).quantize(Decimal("0.1"))
    except ArithmeticError:
        return None
    return value if value in LABELS else None


@dataclass(frozen=True)
class MeasureFacts:
    """One measure that shows evidence of improvement, and how it has held since."""

    name: str
    sentence: str  # the evidence sentence, as the project page shows it
    further_points: int = 0  # points after the signal became visible
    latest_improving: int = 0  # the latest points in a row that are special cause improvement
    consistent_pass: bool = False  # the assurance icon: the target is met consistently

    @property
    def sustained(self) -> bool:
        return self.further_points >= SUSTAIN_POINTS and self.latest_improving >= SUSTAIN_POINTS


@dataclass(frozen=True)
class ProjectFacts:
    """What the rule reads about a project. Built by ``scores.facts_for``."""

    stage: str = "idea"
    closure_outcome: str = ""
    team_size: int = 1  # distinct people on the team, in any role
    change_ideas: int = 0
    measures: int = 0
    measures_with_data: int = 0
    cycles_planned: int = 0
    cycles_started: int = 0
    adopted: int = 0
    adapted: int = 0
    abandoned: int = 0
    evidence: Sequence[MeasureFacts] = field(default_factory=tuple)
    aim_achieved: str = ""  # the evaluation's answer: yes, partly, no, or none yet

    @property
    def decided(self) -> int:
        return self.adopted + self.adapted + self.abandoned

    @property
    def sustained(self) -> list[MeasureFacts]:
        return [m for m in self.evidence if m.sustained]

    @property
    def sustaining_stage(self) -> bool:
        return self.stage == "sustaining" or (
            self.stage == "closed" and self.closure_outcome in ("sustained", "spread")
        )


@dataclass(frozen=True)
class Suggestion:
    value: Decimal
    reasons: tuple[str, ...]  # the facts that met the rung
    next_step: str = ""  # what the next rung up needs ("" at the top)

    @property
    def label(self) -> str:
        return LABELS[self.value]

    @property
    def text(self) -> str:
        return label(self.value)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# Each rung: (value, test returning the reasons it holds or an empty list,
# what a project below it needs to reach it).
Rung = tuple[Decimal, Callable[[ProjectFacts], list[str]], str]


def _intent(f: ProjectFacts) -> list[str]:
    return [f"The project is registered at the {f.stage} stage."]


def _forming(f: ProjectFacts) -> list[str]:
    out = []
    if f.team_size >= 2:
        out.append(f"{f.team_size} people on the team.")
    if f.stage != "idea":
        out.append(f"The project has moved on to the {f.stage} stage.")
    return out


def _planning(f: ProjectFacts) -> list[str]:
    out = []
    if f.change_ideas:
        out.append(f"{_plural(f.change_ideas, 'change idea')} in the driver diagram.")
    if f.measures:
        out.append(f"{_plural(f.measures, 'measure')} defined.")
    if f.cycles_planned:
        out.append(f"{_plural(f.cycles_planned, 'PDSA cycle')} planned.")
    return out


def _activity(f: ProjectFacts) -> list[str]:
    out = []
    if f.stage in LATER_STAGES:
        out.append(f"The project has reached the {f.stage} stage.")
    if f.cycles_started:
        out.append(f"{_plural(f.cycles_started, 'PDSA cycle')} under way or done.")
    if f.measures_with_data:
        out.append(f"{_plural(f.measures_with_data, 'measure')} with data collected.")
    return out


def _tested(f: ProjectFacts) -> list[str]:
    if not f.decided:
        return []
    parts = [
        f"{n} {word}"
        for n, word in ((f.adopted, "adopted"), (f.adapted, "adapted"), (f.abandoned, "abandoned"))
        if n
    ]
    return [f"{_plural(f.decided, 'PDSA cycle')} studied and decided ({', '.join(parts)})."]


def _modest(f: ProjectFacts) -> list[str]:
    if not f.adopted:
        return []
    return [f"{_plural(f.adopted, 'change')} adopted after testing: implementation has begun."]


def _improvement(f: ProjectFacts) -> list[str]:
    return [f"{m.sentence}." for m in f.evidence]


def _significant(f: ProjectFacts) -> list[str]:
    return [
        f"{m.name}: the improvement has held for {m.latest_improving} points in a row "
        f"({m.further_points} since the signal was first flagged)."
        for m in f.sustained
    ]


def _sustainable(f: ProjectFacts) -> list[str]:
    if not (f.sustained and f.sustaining_stage):
        return []
    where = (
        "The project is at the sustaining stage."
        if f.stage == "sustaining"
        else f"The project closed as {f.closure_outcome}."
    )
    return [*_significant(f), where]


def _outstanding(f: ProjectFacts) -> list[str]:
    passing = [m for m in f.sustained if m.consistent_pass]
    if not (passing and f.sustaining_stage and f.aim_achieved == "yes"):
        return []
    return [
        *_sustainable(f),
        *(f"{m.name} consistently meets its target." for m in passing),
        "The evaluation says the aim was achieved.",
    ]


RUNGS: tuple[Rung, ...] = (
    (Decimal("0.5"), _intent, ""),
    (Decimal("1.0"), _forming, "a second person on the team, or a move to the scoping stage"),
    (
        Decimal("1.5"),
        _planning,
        "a change idea in the driver diagram, a measure, or a planned PDSA cycle",
    ),
    (
        Decimal("2.0"),
        _activity,
        "a PDSA cycle under way, data on a measure, or a move to the testing stage",
    ),
    (Decimal("2.5"), _tested, "a PDSA cycle studied and decided (adopt, adapt or abandon)"),
    (Decimal("3.0"), _modest, "a change adopted after testing"),
    (
        Decimal("3.5"),
        _improvement,
        "a measure with special cause improvement that began after a change was adopted",
    ),
    (
        Decimal("4.0"),
        _significant,
        (
            f"the improvement holding for {SUSTAIN_POINTS} further points, all still special "
            "cause improvement"
        ),
    ),
    (
        Decimal("4.5"),
        _sustainable,
        (
            "the sustained improvement with the project at the sustaining stage "
            "(or closed as sustained or spread)"
        ),
    ),
    (
        Decimal("5.0"),
        _outstanding,
        (
            "a sustained measure consistently meeting its target, and an evaluation that says "
            "the aim was achieved"
        ),
    ),
)


def suggest(facts: ProjectFacts) -> Suggestion:
    """The highest rung the facts reach, why, and what the next one needs.

    >>> suggest(ProjectFacts(stage="testing", cycles_started=1)).value
    Decimal('2.0')
    >>> suggest(ProjectFacts(stage="testing", adopted=1)).value
    Decimal('3.0')
    """
    best: tuple[Decimal, list[str]] = (RUNGS[0][0], _intent(facts))
    next_step = ""
    for i, (value, test, _needs) in enumerate(RUNGS):
        reasons = test(facts)
        if reasons:
            best = (value, reasons)
            next_step = RUNGS[i + 1][2] if i + 1 < len(RUNGS) else ""
    return Suggestion(best[0], tuple(best[1]), next_step)
