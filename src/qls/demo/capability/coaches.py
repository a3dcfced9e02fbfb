"""The demo's coach pool: coaches at every level, with evidence toward their competencies."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db.models import Count

from qls.capability.models import (
    Coach,
    CompetencyEvidence,
)
from qls.demo import context as demo
from qls.organisation.models import StaffMember
from qls.organisation.models.staff_groups import CLINICAL_STAFF_GROUPS
from qls.projects.models import ProjectMember


def demo_staff(ctx: demo.DemoContext, username: str) -> StaffMember | None:
    user = ctx.users.get(username)
    if user is None:
        return None
    return StaffMember.objects.filter(user=user).select_related("site").first()


def build_coaches(ctx, rng: random.Random, levels) -> list[Coach]:
    practitioner, coach_level, faculty = levels[1], levels[2], levels[3]
    coached = dict(
        ProjectMember.objects.filter(role=ProjectMember.Role.COACH)
        .exclude(project__stage="closed")
        .values("staff_id")
        .annotate(n=Count("project", distinct=True))
        .values_list("staff_id", "n")
    )
    site_of = dict(StaffMember.objects.filter(pk__in=coached).values_list("pk", "site_id"))
    records: dict[int, Coach] = {}
    # Everyone already coaching a project in the registry is a coach.
    for staff_id, used in coached.items():
        records[staff_id] = Coach(
            staff_id=staff_id,
            level=coach_level if used < 6 else faculty,
            capacity=max(used + rng.choice([0, 1, 1, 2]), 3),
        )
    # Plus practitioners working towards coach, and coaches with room, on each site.
    clinical = [
        m
        for m in ctx.staff
        if m.site_id
        and m.staff_group in CLINICAL_STAFF_GROUPS
        and m.band in ("Band 6", "Band 7", "Band 8a", "Medical")
        and m.pk not in records
        and m.user_id is None
    ]
    by_site = defaultdict(list)
    for member in clinical:
        by_site[member.site_id].append(member)
    for site_id in sorted(by_site):
        pool = by_site[site_id]
        for member in rng.sample(pool, min(len(pool), 6)):
            records[member.pk] = Coach(
                staff_id=member.pk,
                level=practitioner if len(records) % 2 else coach_level,
                capacity=rng.choice([2, 3, 3, 4]),
            )
            site_of[member.pk] = site_id
    for username, level, room in (("coach", coach_level, 2), ("improvement", faculty, 4)):
        member = demo_staff(ctx, username)
        if member is None:
            continue
        used = coached.get(member.pk, 0)
        records[member.pk] = Coach(
            staff_id=member.pk,
            level=level,
            # Never below what they already coach: the pool's capacity rule holds.
            capacity=used + room if username == "coach" else max(room, used + 1),
            bio="Physiotherapist and QSIR practitioner since 2019; happy to help with "
            "measurement and PDSA ramps."
            if username == "coach"
            else "Improvement advisor and QSIR faculty; runs the coaching route.",
        )
        site_of[member.pk] = member.site_id
    demo_ids = {m.pk for m in (demo_staff(ctx, "coach"), demo_staff(ctx, "improvement")) if m}
    for index, record in enumerate(records.values()):
        # A few coaches have paused taking projects; never the demo log-ins.
        record.active = record.staff_id in demo_ids or index % 17 != 16
    coaches = Coach.objects.bulk_create(list(records.values()))
    Coach.sites.through.objects.bulk_create(
        [
            Coach.sites.through(coach_id=c.pk, site_id=site_of[c.staff_id])
            for c in coaches
            if site_of.get(c.staff_id)
        ]
    )
    return list(Coach.objects.select_related("staff__site", "level").order_by("pk"))


def build_evidence(ctx, rng, coaches, levels, by_level, now) -> None:
    rows = []
    faculty_user = ctx.users.get("improvement")
    for coach in coaches:
        for level in levels:
            if level.order > coach.level.order:
                break
            for competency in by_level[level.pk]:
                when = now - dt.timedelta(days=rng.randint(60, 900))
                rows.append(
                    CompetencyEvidence(
                        staff_id=coach.staff_id,
                        competency=competency,
                        note=f"Reflective account: {competency.title.lower()} on a ward project.",
                        submitted_at=when,
                        status=CompetencyEvidence.Status.SIGNED_OFF,
                        signed_off_by=faculty_user,
                        signed_off_at=when + dt.timedelta(days=rng.randint(3, 20)),
                        comment="Clear evidence, well reflected.",
                    )
                )
        # Working towards the next level: some evidence waiting, some returned.
        if coach.level.order < len(levels):
            following = by_level[levels[coach.level.order].pk]
            for competency in rng.sample(following, rng.randint(0, 2)):
                returned = rng.random() < 0.2
                rows.append(
                    CompetencyEvidence(
                        staff_id=coach.staff_id,
                        competency=competency,
                        note=f"Notes and feedback from {competency.title.lower()}.",
                        submitted_at=now - dt.timedelta(days=rng.randint(1, 40)),
                        status=CompetencyEvidence.Status.RETURNED
                        if returned
                        else CompetencyEvidence.Status.SUBMITTED,
                        signed_off_by=faculty_user if returned else None,
                        signed_off_at=now - dt.timedelta(days=1) if returned else None,
                        comment="Please add the run chart and what the team decided."
                        if returned
                        else "",
                    )
                )
    staff_member = demo_staff(ctx, "staff")
    if staff_member is not None:
        foundation = by_level[levels[0].pk]
        for competency in foundation[:2]:
            rows.append(
                CompetencyEvidence(
                    staff_id=staff_member.pk,
                    competency=competency,
                    note="Completed QSIR Fundamentals and used the tool on Kingfisher Ward.",
                    submitted_at=now - dt.timedelta(days=50),
                    status=CompetencyEvidence.Status.SIGNED_OFF,
                    signed_off_by=faculty_user,
                    signed_off_at=now - dt.timedelta(days=45),
                )
            )
        rows.append(
            CompetencyEvidence(
                staff_id=staff_member.pk,
                competency=foundation[2],
                note="Annotated SPC chart of our falls rate with my reading of it.",
                submitted_at=now - dt.timedelta(days=4),
            )
        )
    CompetencyEvidence.objects.bulk_create(rows, batch_size=1000)
