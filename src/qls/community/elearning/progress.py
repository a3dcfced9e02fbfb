"""A learner's place in the e-learning, read for the pages and the community home panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qls.capability import access
from qls.capability.models import Enrolment, Participant
from qls.community.elearning import actions
from qls.community.elearning.models import Chapter, Progress


@dataclass
class State:
    chapters: list[Chapter]
    passed: set[int] = field(default_factory=set)
    learner: bool = False  # the account is linked to the staff directory
    progress: Progress | None = None
    enrolment: Enrolment | None = None

    @property
    def total(self) -> int:
        return len(self.chapters)

    @property
    def done(self) -> int:
        return sum(c.pk in self.passed for c in self.chapters)

    @property
    def completed(self) -> bool:
        return self.enrolment is not None

    @property
    def started(self) -> bool:
        return self.progress is not None

    @property
    def resume(self) -> Chapter | None:
        """The chapter to carry on with: where they left off unless passed, else the first
        not yet passed."""
        last = self.progress.last_chapter if self.progress else None
        if last is not None and last.published and last.pk not in self.passed:
            return last
        return next((c for c in self.chapters if c.pk not in self.passed), None)

    def after(self, chapter: Chapter) -> Chapter | None:
        return next((c for c in self.chapters if c.position > chapter.position), None)


def for_user(user: Any) -> State:
    chapters = list(actions.published())
    staff = access.staff_member_of(user)
    participant = Participant.objects.filter(staff=staff).first() if staff else None
    if participant is None:
        return State(chapters=chapters, learner=staff is not None)
    saved = (
        Progress.objects.filter(participant=participant)
        .select_related("last_chapter", "enrolment")
        .first()
    )
    return State(
        chapters=chapters,
        passed=actions.passed_chapter_ids(participant),
        learner=True,
        progress=saved,
        enrolment=saved.enrolment if saved and saved.enrolment_id else None,
    )
