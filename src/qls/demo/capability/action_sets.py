"""The demo's action learning sets, with their members and meetings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from qls.capability.models import (
    ActionLearningSet,
    SetAttendance,
    SetMeeting,
)
from qls.demo.capability.coaches import demo_staff
from qls.demo.capability.coaching_data import SET_NAMES, SET_NOTES
from qls.organisation.models.staff_groups import CLINICAL_STAFF_GROUPS
from qls.projects.models import Project


def build_sets(ctx, rng, coaches, today) -> int:
    facilitators = [c for c in coaches if c.active and c.level.order >= 3]
    lead = demo_staff(ctx, "lead")
    staff_member = demo_staff(ctx, "staff")
    projects_by_site = defaultdict(list)
    for pk, site_id in Project.objects.exclude(stage="closed").values_list("pk", "site_id")[:400]:
        projects_by_site[site_id].append(pk)
    people = defaultdict(list)
    for member in ctx.staff:
        if (
            member.site_id
            and member.user_id is None
            and member.staff_group in CLINICAL_STAFF_GROUPS
        ):
            people[member.site_id].append(member)
    count = 0
    for index, (name, code, purpose) in enumerate(SET_NAMES):
        site = ctx.sites.get(code) if code else None
        candidates = [f for f in facilitators if site is None or f.staff.site_id == site.pk]
        facilitator = rng.choice(candidates or facilitators)
        learning_set = ActionLearningSet.objects.create(
            name=name, purpose=purpose, site=site, facilitator_id=facilitator.staff_id
        )
        pool = people[site.pk] if site else [m for ms in people.values() for m in ms]
        members = rng.sample(pool, min(len(pool), 6))
        if index == 0 and lead is not None:
            members[0] = lead
        if index == 0 and staff_member is not None:
            members[1] = staff_member
        ActionLearningSet.members.through.objects.bulk_create(
            [
                ActionLearningSet.members.through(
                    actionlearningset_id=learning_set.pk, staffmember_id=m.pk
                )
                for m in members
            ]
        )
        project_pool = (
            projects_by_site[site.pk]
            if site
            else [p for ps in projects_by_site.values() for p in ps]
        )
        ActionLearningSet.projects.through.objects.bulk_create(
            [
                ActionLearningSet.projects.through(
                    actionlearningset_id=learning_set.pk, project_id=p
                )
                for p in rng.sample(project_pool, min(len(project_pool), 3))
            ]
        )
        first = today - dt.timedelta(weeks=16 - 2 * index)
        meetings = SetMeeting.objects.bulk_create(
            [
                SetMeeting(
                    set=learning_set,
                    date=first + dt.timedelta(weeks=4 * n),
                    venue="Quality hub meeting room" if site else "Online",
                    notes=SET_NOTES[(n + index) % len(SET_NOTES)]
                    if first + dt.timedelta(weeks=4 * n) < today
                    else "",
                )
                for n in range(7)
            ]
        )
        SetAttendance.objects.bulk_create(
            [
                SetAttendance(meeting=meeting, member=member, present=rng.random() < 0.85)
                for meeting in meetings
                if meeting.date < today
                for member in members
            ]
        )
        count += 1
    return count
