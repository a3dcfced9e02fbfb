"""A chapter's quiz as the improvement team types it, and marking a learner's answers.

The quiz is typed as plain text, one block per question separated by a
blank line: the question on its first line, then one option a line, each
starting with ``*`` when it is a correct answer or ``-`` when it is not::

    What does the "S" in PDSA stand for?
    - Start
    * Study
    - Sustain

A question with several correct options needs all of them chosen (and no
other) to count as answered correctly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from qls.community.elearning.errors import QuizTextInvalid
from qls.community.elearning.models import OPTION_MAX, QUESTION_MAX, Question
from qls.core.screening import validate_no_patient_identifiers

MAX_QUESTIONS = 20
MAX_OPTIONS = 8


@dataclass
class ParsedQuestion:
    text: str
    line: int
    options: list[tuple[str, bool]] = field(default_factory=list)


def parse(text: str) -> list[ParsedQuestion]:
    """The questions in ``text``, or ``QuizTextInvalid`` naming the first line at fault."""
    questions: list[ParsedQuestion] = []
    current: ParsedQuestion | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line[0] in "*-":
            if current is None:
                raise QuizTextInvalid(
                    f"Quiz, line {number}: an option must follow its question (start a "
                    "question with a line that does not begin with * or -)."
                )
            option = line[1:].strip()
            if not option:
                raise QuizTextInvalid(f"Quiz, line {number}: the option has no text.")
            if len(option) > OPTION_MAX:
                raise QuizTextInvalid(
                    f"Quiz, line {number}: an option must be {OPTION_MAX} characters or fewer."
                )
            _screen(option, number)
            current.options.append((option, line[0] == "*"))
            continue
        if current is not None:
            raise QuizTextInvalid(
                f"Quiz, line {number}: each option starts with * (correct) or - (not correct); "
                "leave a blank line before the next question."
            )
        if len(line) > QUESTION_MAX:
            raise QuizTextInvalid(
                f"Quiz, line {number}: a question must be {QUESTION_MAX} characters or fewer."
            )
        _screen(line, number)
        current = ParsedQuestion(text=line, line=number)
        questions.append(current)
    if len(questions) > MAX_QUESTIONS:
        raise QuizTextInvalid(f"Quiz: at most {MAX_QUESTIONS} questions (it has {len(questions)}).")
    for q in questions:
        if len(q.options) < 2:
            raise QuizTextInvalid(f"Quiz, line {q.line}: the question needs at least 2 options.")
        if len(q.options) > MAX_OPTIONS:
            raise QuizTextInvalid(f"Quiz, line {q.line}: at most {MAX_OPTIONS} options.")
        if not any(correct for _, correct in q.options):
            raise QuizTextInvalid(f"Quiz, line {q.line}: mark at least one option correct with *.")
    return questions


def _screen(text: str, line: int) -> None:
    try:
        validate_no_patient_identifiers(text, f"quiz line {line}")
    except ValidationError as error:
        raise QuizTextInvalid(f"Quiz, line {line}: {' '.join(error.messages)}") from error


def as_text(questions: Iterable[Question]) -> str:
    """The stored quiz in the typed form, for editing."""
    blocks = []
    for q in questions:
        lines = [q.text] + [f"{'*' if o.correct else '-'} {o.text}" for o in q.options.all()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def same(stored: Iterable[Question], parsed: list[ParsedQuestion]) -> bool:
    """Whether the typed quiz is the stored one (so saving a chapter keeps its quiz version)."""
    old = [(q.text, [(o.text, o.correct) for o in q.options.all()]) for q in stored]
    return old == [(p.text, p.options) for p in parsed]


@dataclass
class Marked:
    score: int
    out_of: int
    answers: list[dict]


def mark(questions: list[Question], chosen: Mapping[int, set[int]]) -> Marked:
    """Mark the chosen option ids per question id, keeping a snapshot of every question."""
    score = 0
    answers = []
    for q in questions:
        options = list(q.options.all())
        right = {o.pk for o in options if o.correct}
        picked = chosen.get(q.pk, set())
        ok = picked == right
        score += ok
        answers.append(
            {
                "question": q.text,
                "chosen": [o.text for o in options if o.pk in picked],
                "correct": [o.text for o in options if o.correct],
                "right": ok,
            }
        )
    return Marked(score=score, out_of=len(questions), answers=answers)
