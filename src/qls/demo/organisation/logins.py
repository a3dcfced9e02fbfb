"""One demo log-in per role, each linked to its staff record, and the staff page's imports."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from qls.accounts.roles import Role, sync_roles
from qls.core.models import JobStatus
from qls.demo.context import DemoContext, DemoStep
from qls.organisation.models import StaffGroup, StaffImport, StaffMember

# Documented in the README and printed by the command; it passes the
# password validators (12+ characters, not common, not numeric).
DEMO_PASSWORD = "demo-password-2024"
EMAIL_DOMAIN = "example.nhs.uk"

# username, roles, first name, last name, staff group, job role, band, ward code
DEMO_USERS: list[tuple[str, list[str], str, str, str, str, str, str | None]] = [
    ("staff", [Role.STAFF], "Priya", "Sharma", StaffGroup.NURSING_MIDWIFERY,
     "Staff Nurse", "Band 5", "BAS-W01"),
    ("lead", [Role.STAFF, Role.PROJECT_LEAD], "Tom", "Fletcher", StaffGroup.NURSING_MIDWIFERY,
     "Ward Sister", "Band 7", "BAS-W04"),
    ("coach", [Role.STAFF, Role.QI_COACH], "Grace", "Okafor", StaffGroup.AHP,
     "Physiotherapist", "Band 7", "BRO-W07"),
    ("improvement", [Role.STAFF, Role.IMPROVEMENT_TEAM], "Daniel", "Hughes",
     StaffGroup.ADMIN_CLERICAL, "Improvement Advisor", "Band 8a", None),
    ("analyst", [Role.STAFF, Role.DATA_ANALYST], "Mei", "Chen", StaffGroup.ADMIN_CLERICAL,
     "Data Analyst", "Band 6", None),
    ("executive", [Role.STAFF, Role.EXECUTIVE], "Helen", "Marsh",
     StaffGroup.NURSING_MIDWIFERY, "Chief Nurse", "Executive", None),
    ("admin", [Role.STAFF, Role.ADMIN], "Sam", "Patel", StaffGroup.ADMIN_CLERICAL,
     "Systems Administrator", "Band 6", None),
]  # fmt: skip
# Job roles that run a ward day to day.
DEMO_USER_SITES = {"improvement": "BRO", "analyst": "SOU", "executive": "BAS", "admin": "BAS"}
# A local account an admin has made but not yet given a role: it sees the
# "no role yet" page and its profile, nothing of the trust's data.
NO_ROLE_DEMO_USER = ("newstarter", "Alex", "Rowe")


def build_logins(ctx: DemoContext) -> None:
    """One log-in per role, each linked to its staff record, all with DEMO_PASSWORD."""
    sync_roles()
    User = get_user_model()
    validate_password(DEMO_PASSWORD)
    # One hash for all seven: hashing costs about half a second each, and the
    # accounts share a published password anyway.
    hashed = make_password(DEMO_PASSWORD)
    members = {m.staff_number: m for m in ctx.staff}
    linked = []
    for index, (username, roles, first, last, *_rest) in enumerate(DEMO_USERS, start=1):
        member = members[f"9{index:07d}"]
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": member.email,
                "is_active": True,
                # Django's admin needs is_staff; what it may do there still
                # comes from the Admin role's permissions.
                "is_staff": Role.ADMIN in roles,
                "password": hashed,
            },
        )
        user.groups.set(Group.objects.filter(name__in=roles))
        member.user = user
        linked.append(member)
        ctx.users[username] = user
    StaffMember.objects.bulk_update(linked, ["user"])
    username, first, last = NO_ROLE_DEMO_USER
    newcomer, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@{EMAIL_DOMAIN}",
            "is_active": True,
            "is_staff": False,
            "password": hashed,
        },
    )
    newcomer.groups.clear()
    _record_staff_imports(ctx)


def _record_staff_imports(ctx: DemoContext) -> None:
    """The staff page's recent imports: the monthly ESR extracts, one of them refused.

    The demo's staff are generated, not imported; these rows show what the
    administrator's history looks like after a few months of extracts.
    """
    StaffImport.objects.all().delete()
    admin = ctx.users.get("admin")
    total = len(ctx.staff)
    today = timezone.localdate()
    site = next(iter(ctx.sites.values()))
    rows = []
    for months_ago, status in ((3, "ok"), (2, "ok"), (1, "refused"), (1, "ok")):
        month = (today.replace(day=1) - dt.timedelta(days=28 * months_ago)).replace(day=3)
        when = dt.datetime.combine(month, dt.time(7, 40 if status == "refused" else 55), dt.UTC)
        name = f"esr-staff-extract-{month:%Y-%m}.csv"
        job = StaffImport(
            filename=name,
            imported_by=admin,
            rows_total=total,
            rows_done=total,
            rows=total,
            started_at=when,
            finished_at=when + dt.timedelta(seconds=40),
        )
        if status == "refused":
            job.status = JobStatus.FAILED
            job.message = "Failed"
            job.error = "2 rows of the file have problems."
            # Line 1 is the header; lines are placed within the file's rows.
            first, second, earlier = 2 + total // 6, 2 + total * 2 // 3, 2 + total // 20
            job.problems = [
                {"line": first, "reason": f"ward is not a ward at {site.name}"},
                {
                    "line": second,
                    "reason": f"staff_number is also on line {earlier}; "
                    "each staff number may appear once",
                },
            ]
            job.problem_count = 2
            job.rows = 0
        else:
            job.status = JobStatus.SUCCEEDED
            job.message = "Done"
            job.created = 1 + total * (3 + months_ago) // 1000
            job.updated = 2 + total * (12 + months_ago) // 1000
            job.unchanged = total - job.created - job.updated
        rows.append((job, when))
    for job, when in rows:
        job.save()
        StaffImport.objects.filter(pk=job.pk).update(imported_at=when)


STEP = DemoStep("logins", build_logins)
