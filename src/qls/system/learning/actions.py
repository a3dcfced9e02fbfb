"""Changes to the learning records: each a plain function, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.organisation.models import Organisation
from qls.system.learning.models import ProgressNote, SharedLearning, SystemPriority, WeSaidWeDid


class LearningError(Exception):
    """A change to a learning record that cannot be made."""


@transaction.atomic
def save_entry(*, form: Any, by: Any) -> WeSaidWeDid:
    """Record a new "we said, we did" entry, or save an edited one, from a valid form."""
    entry: WeSaidWeDid = form.save(commit=False)
    if entry.pk is None:
        entry.recorded_by = by
    entry.save()
    form.save_m2m()
    return entry


@transaction.atomic
def publish_entry(*, entry: WeSaidWeDid, publish: bool = True) -> WeSaidWeDid:
    """Show the entry on the published log (or take it off); publishing twice is refused."""
    if publish == entry.published:
        raise LearningError(
            "This entry is already published." if publish else "This entry is not published."
        )
    entry.published_at = timezone.now() if publish else None
    entry.save(update_fields=["published_at"])
    return entry


@transaction.atomic
def share_learning(
    *,
    title: str,
    summary: str,
    source: str,
    recipients: Iterable[Organisation],
    by: Any,
    project: Any = None,
    risk: Any = None,
    theme: str = "",
) -> SharedLearning:
    item = SharedLearning(
        title=title, summary=summary, source=source, project=project, risk=risk, theme=theme,
        shared_by=by,
    )  # fmt: skip
    item.full_clean()
    item.save()
    item.recipients.set(recipients)
    return item


@transaction.atomic
def save_priority(*, form: Any) -> SystemPriority:
    priority: SystemPriority = form.save()
    return priority


@transaction.atomic
def record_progress(
    *, priority: SystemPriority, progress: str, note: str, by: Any, on: Any = None
) -> ProgressNote:
    """A dated progress note; the priority takes its progress from the newest note."""
    entry = ProgressNote(priority=priority, progress=progress, note=note, by=by)
    if on is not None:
        entry.on = on
    entry.full_clean()
    entry.save()
    priority.progress = progress
    priority.save(update_fields=["progress"])
    return entry
