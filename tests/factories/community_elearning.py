from __future__ import annotations

from qls.community.elearning import actions, quiz
from qls.community.elearning.models import Chapter

QUIZ = """What does the S in PDSA stand for?
- Start
* Study
- Sustain

Which of these are measures in the model for improvement?
* Outcome measures
* Process measures
- Vanity measures
"""


def chapter(position: int = 1, *, title: str = "", quiz_text: str = QUIZ, **fields) -> Chapter:
    """A published chapter with a two-question quiz (the second has two correct options)."""
    item = Chapter(
        position=position,
        title=title or f"Chapter about improvement {position}",
        body="Quality improvement is a systematic approach.\n\nIt uses data over time.",
        pass_mark=fields.pop("pass_mark", 50),
        **fields,
    )
    return actions.save_chapter(chapter=item, questions=quiz.parse(quiz_text))


def answers(item: Chapter, *, right: bool = True) -> dict[str, list[str]]:
    """POST data answering every question of the chapter, all right or all wrong."""
    data: dict[str, list[str]] = {}
    for q in item.questions.prefetch_related("options"):
        options = list(q.options.all())
        picked = [o for o in options if o.correct == right] or options[:1]
        data[f"q{q.pk}"] = [str(o.pk) for o in picked]
    return data


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def world_chapter() -> int:
    """A published chapter with a picture and a quiz, for the authorisation sweep."""
    from django.core.files.base import ContentFile

    item = chapter(1, image=ContentFile(PNG, name="run-chart.png"), image_alt="A run chart")
    return item.pk
