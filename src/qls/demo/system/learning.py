"""The demo's learning and co-production (``manage.py demo``).

A "we said, we did" log of 15 entries at every rung of the engagement
ladder, six shared learning items (one from a closed demo project when the
projects step has built one) and system priorities under all seven steps.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qls.demo.context import DemoContext, DemoStep
from qls.demo.system.learning_data import LEARNING, PRIORITIES, WE_SAID
from qls.organisation.models import Organisation
from qls.projects.models import Project, Stage
from qls.system.learning.models import ProgressNote, SharedLearning, SystemPriority, WeSaidWeDid
from qls.system.models import QualityRisk


def reset(ctx: DemoContext) -> None:
    ProgressNote.objects.all().delete()
    SystemPriority.objects.all().delete()
    SharedLearning.objects.all().delete()
    WeSaidWeDid.objects.all().delete()


def build(ctx: DemoContext) -> None:
    lead = ctx.users["system"]
    orgs = {o.code: o for o in Organisation.objects.all()}
    host = ctx.trust or Organisation.objects.get(is_host=True)
    orgs.setdefault("EEH", host)
    today = timezone.localdate()
    now = timezone.now()
    for code, title, said, did, ladder, status, months, published in WE_SAID:
        heard = today - dt.timedelta(days=30 * months)
        entry = WeSaidWeDid.objects.create(
            organisation=orgs[code], title=title, we_said=said, we_did=did, ladder=ladder,
            status=status, heard_on=heard, recorded_by=lead,
            published_at=now - dt.timedelta(days=30 * months - 20) if published else None,
        )  # fmt: skip
        entry.heard_by.set({orgs[code], orgs["EEICB"]})
    closed = Project.objects.filter(stage=Stage.CLOSED).order_by("title").first()
    risks = list(QualityRisk.objects.order_by("title")[:2])
    for n, (title, summary, source, theme, codes) in enumerate(LEARNING):
        project = risk = None
        if source == "project" and closed is not None:
            project, title = closed, f"Learning from {closed.title}"[:200]
        elif source == "risk" and risks:
            risk = risks[n % len(risks)]
        else:
            source, theme = "theme", theme or title
        item = SharedLearning.objects.create(
            title=title, summary=summary, source=source, project=project, risk=risk,
            theme=theme, shared_by=lead, shared_at=now - dt.timedelta(days=20 * n),
        )  # fmt: skip
        item.recipients.set(orgs[c] for c in codes)
    for title, description, code, step, progress, notes in PRIORITIES:
        priority = SystemPriority.objects.create(
            title=title, description=description, lead_organisation=orgs[code], step=step,
            progress=progress,
        )  # fmt: skip
        for days, state, note in notes:
            ProgressNote.objects.create(
                priority=priority, progress=state, note=note, by=lead,
                on=today - dt.timedelta(days=days),
            )  # fmt: skip
    ctx.log(
        f"  {len(WE_SAID)} we said, we did entries, {len(LEARNING)} shared learning items, "
        f"{len(PRIORITIES)} system priorities"
    )


STEP = DemoStep("system-learning", build, reset)
