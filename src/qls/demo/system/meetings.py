"""The demo's System Quality Group: six meetings over the last year (``manage.py demo``).

Built after the risk register (its step comes later in the list): every meeting
is held, chaired by the system quality lead with each partner's quality
lead as a member, and reviews some of the demo's risks. Each meeting sets
actions; the older ones are done, and those still open are carried forward
on every later agenda, as ``build_agenda`` would carry them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qls.demo.context import DemoContext, DemoStep
from qls.organisation.models import StaffMember
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.models import QualityRisk

MEETINGS = 6
EVERY = dt.timedelta(days=60)  # the group meets every two months
RISKS_PER_MEETING = 3
# Actions set at meetings before this one are done soon after the next meeting (carried
# forward once); later ones are still open.
DONE_BEFORE = 3

MINUTES = [
    (
        "The organisation's quality lead presented the latest data and the soft intelligence "
        "behind it. Partners shared what they see from their side of the pathway."
    ),
    (
        "The group reviewed the measures since the last meeting and the controls in place, "
        "and heard how the recovery plan is progressing."
    ),
    (
        "Partners discussed whether the current controls are enough, and what support the "
        "system could offer to the organisation holding the risk."
    ),
]
DECISIONS = [
    "Keep the current escalation level and review at the next meeting.",
    "Ask the owner for a recovery trajectory, shared with all partners.",
    "Agree a joint review by the partners involved in the pathway.",
]
ACTIONS = [
    "Share the recovery trajectory with every partner",
    "Bring a month of audit results to the next meeting",
    "Agree a joint escalation route with the partners involved",
]


def reset(ctx: DemoContext) -> None:
    AgendaItem.objects.update(carried_action=None)  # carried actions are protected
    MeetingAction.objects.all().delete()
    AgendaItem.objects.all().delete()
    Meeting.objects.all().delete()


def build(ctx: DemoContext) -> None:
    lead = ctx.users["system"]
    chair = StaffMember.objects.get(user=lead)
    members = list(StaffMember.objects.filter(staff_number__startswith="95"))
    risks = list(QualityRisk.objects.order_by("-likelihood", "-consequence", "title"))
    now = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    carried: list[MeetingAction] = []
    for n in range(MEETINGS):
        starts_at = now - EVERY * (MEETINGS - n) + dt.timedelta(days=14)
        meeting = Meeting.objects.create(
            title=f"System Quality Group, {starts_at:%B %Y}", starts_at=starts_at,
            venue="Board room, integrated care board headquarters, or online",
            chair=chair, status=Meeting.Status.HELD, created_by=lead,
            created_at=starts_at - dt.timedelta(days=21),
        )  # fmt: skip
        meeting.members.set(members)
        position = 1
        for k in range(RISKS_PER_MEETING):
            risk = risks[(n * RISKS_PER_MEETING + k) % len(risks)]
            item = AgendaItem.objects.create(
                meeting=meeting, position=position, kind=AgendaItem.Kind.REVIEW,
                title=f"Review: {risk.title}", risk=risk, minutes=MINUTES[k],
                decisions=DECISIONS[(n + k) % len(DECISIONS)],
            )  # fmt: skip
            position += 1
            if k == 0:
                done = n < DONE_BEFORE
                action = MeetingAction.objects.create(
                    item=item, description=ACTIONS[n % len(ACTIONS)], owner=risk.owner,
                    due_on=(starts_at + dt.timedelta(days=28)).date(),
                    status=MeetingAction.Status.DONE if done else MeetingAction.Status.OPEN,
                    done_at=starts_at + EVERY + dt.timedelta(days=10) if done else None,
                    done_by=lead if done else None, created_at=starts_at,
                )  # fmt: skip
                carried.append(action)
        for earlier in carried[:-1]:  # every earlier action still open at this meeting
            if earlier.status == MeetingAction.Status.OPEN or (
                earlier.done_at and earlier.done_at > starts_at
            ):
                AgendaItem.objects.create(
                    meeting=meeting, position=position, kind=AgendaItem.Kind.ACTION,
                    title=f"Action: {earlier.description}", carried_action=earlier,
                    minutes="The owner updated the group on progress.",
                )  # fmt: skip
                position += 1
    ctx.log(f"  {MEETINGS} System Quality Group meetings")


STEP = DemoStep("system-meetings", build, reset)
