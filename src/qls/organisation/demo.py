"""The demo trust: a believable, entirely synthetic trust to explore QLS with.

``build_demo()`` (``manage.py demo``) creates an acute trust with three
sites, 20 programme wards and a dozen other units per site, partner
organisations, a staff directory with a realistic ESR staff-group mix, and
one log-in per role. It is deterministic: the same seed gives the same
wards, staff numbers and names.

Idempotent and cheap to repeat: the build records its settings in a
``DemoBuild`` row; when they match the next run skips the rebuild, so
``make demo`` can call it on every start. Otherwise (or with ``force``) every
step's ``reset`` runs, latest step first, then every ``build`` in order, all
in one transaction. The command refuses to touch a database whose host trust
is not the demo trust, so it cannot wipe a real installation.

Audit history is skipped for demo rows (plain ``bulk_create``; resets use a
plain SQL delete): the history would describe a generator, not a person's
change, and writing it would make ``--scale full`` several times slower.

Extension point
---------------
Later apps add their own demo data by registering a :class:`DemoStep`, in
their ``AppConfig.ready()``::

    from qls.organisation import demo

    demo.register(demo.DemoStep("projects", order=400, build=build_projects,
                                reset=reset_projects))

Steps run in ``order`` (organisation structure 100, staff 200, log-ins 300);
resets run in reverse, so a step that points at wards or staff deletes its
rows before they go. Each step gets a :class:`DemoContext` holding the
trust, sites, wards, staff and users built so far, and its own random
generator seeded from the demo seed and the step name, so adding a step never
changes the data another step generates. Adding a step changes the build
signature, so the next ``manage.py demo`` rebuilds.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from qls.accounts.roles import Role, sync_roles
from qls.core.models import JobStatus
from qls.organisation import demo_data as data
from qls.organisation.errors import DemoRefusedError
from qls.organisation.models import (
    DemoBuild,
    Organisation,
    Site,
    Specialty,
    StaffGroup,
    StaffImport,
    StaffMember,
    Ward,
)
from qls.organisation.services import load_reference_data

SCALES = {"standard": 1_500, "full": 14_000}
DEFAULT_SEED = 2024
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
MANAGER_ROLES = {"Ward Sister", "Charge Nurse", "Ward Manager"}
DEMO_USER_SITES = {"improvement": "BRO", "analyst": "SOU", "executive": "BAS", "admin": "BAS"}
# A local account an admin has made but not yet given a role: it sees the
# "no role yet" page and its profile, nothing of the trust's data.
NO_ROLE_DEMO_USER = ("newstarter", "Alex", "Rowe")


@dataclass
class DemoContext:
    """What the steps share: settings, and what earlier steps built."""

    scale: str
    seed: int
    staff_count: int
    log: Callable[[str], None] = print
    trust: Organisation | None = None
    sites: dict[str, Site] = field(default_factory=dict)
    wards: dict[str, Ward] = field(default_factory=dict)
    staff: list[StaffMember] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        """A generator of its own for each step (see the module docstring)."""
        return random.Random(f"{self.seed}:{step}")


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    build: Callable[[DemoContext], None]
    reset: Callable[[DemoContext], None] | None = None


_STEPS: dict[str, DemoStep] = {}
# Log-ins that later apps' steps add (their usernames), printed with the others.
_EXTRA_LOGINS: list[str] = []


def register(step: DemoStep) -> None:
    """Add (or replace, by name) a step of the demo build."""
    _STEPS[step.name] = step


def register_login(username: str) -> None:
    """Name a log-in a later step creates, so ``manage.py demo`` lists it with the others."""
    if username not in _EXTRA_LOGINS:
        _EXTRA_LOGINS.append(username)


def steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


@dataclass
class DemoSummary:
    skipped: bool
    scale: str
    seed: int
    timings: dict[str, float]
    users: list[tuple[str, str]]
    counts: dict[str, int]


def build_demo(
    *,
    scale: str = "standard",
    seed: int = DEFAULT_SEED,
    staff_count: int | None = None,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> DemoSummary:
    """Build (or keep, when already built the same way) the demo data."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}")
    count = staff_count if staff_count is not None else SCALES[scale]
    plan = steps()
    signature = f"scale={scale};seed={seed};staff={count};steps=" + ",".join(
        f"{s.name}@{s.order}" for s in plan
    )
    timings: dict[str, float] = {}
    with transaction.atomic():
        _refuse_real_trust()
        marker = DemoBuild.objects.first()
        skipped = (
            not force
            and marker is not None
            and marker.signature == signature
            and Organisation.objects.filter(is_host=True, code=data.TRUST[0]).exists()
        )
        if not skipped:
            ctx = DemoContext(scale=scale, seed=seed, staff_count=count, log=log)
            for step in reversed(plan):
                if step.reset:
                    step.reset(ctx)
            for step in plan:
                started = time.perf_counter()
                step.build(ctx)
                _analyse()
                timings[step.name] = time.perf_counter() - started
            DemoBuild.objects.all().delete()
            DemoBuild.objects.create(signature=signature, scale=scale, seed=seed)
    return DemoSummary(
        skipped=skipped,
        scale=scale,
        seed=seed,
        timings=timings,
        users=demo_logins(),
        counts={
            "sites": Site.objects.count(),
            "programme wards": Ward.objects.filter(in_programme=True).count(),
            "wards and units": Ward.objects.count(),
            "partner organisations": Organisation.objects.filter(is_host=False).count(),
            "staff": StaffMember.objects.count(),
        },
    )


def _analyse() -> None:
    # On PostgreSQL, fresh statistics after every step: the rows a step has
    # just bulk-loaded, in this one transaction, would otherwise look empty to
    # the planner, and a later step's joins over them (the reports' twelve
    # months of evidence, say) take minutes instead of seconds.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_logins() -> list[tuple[str, str]]:
    """(username, roles) of the demo log-ins that exist."""
    User = get_user_model()
    names = [name for name, *_ in DEMO_USERS] + _EXTRA_LOGINS + [NO_ROLE_DEMO_USER[0]]
    found = {
        u.username: ", ".join(sorted(g.name for g in u.groups.all()))
        for u in User.objects.filter(username__in=names).prefetch_related("groups")
    }
    return [(name, found[name] or "no role") for name in names if name in found]


def _refuse_real_trust() -> None:
    host = Organisation.objects.filter(is_host=True).first()
    if host is not None and host.code != data.TRUST[0]:
        raise DemoRefusedError(
            f"This database holds a real trust ({host.name}); the demo generator only "
            "writes to an empty or demo database. Point DATABASE_URL at another database."
        )


def _raw_delete(*models: type[Model]) -> None:
    # A plain DELETE: the ORM would load every row and write a history row
    # per deletion, which takes longer than building the data again.
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


# ------------------------------------------------------------------ step: structure


def reset_structure(ctx: DemoContext) -> None:
    _raw_delete(Ward, Site, Organisation)


def build_structure(ctx: DemoContext) -> None:
    rng = ctx.rng("structure")
    load_reference_data()
    specialties: dict[str, Specialty] = {}
    for code, name in data.SPECIALTIES.items():
        specialties[code], _ = Specialty.objects.update_or_create(
            code=code, defaults={"name": name}
        )
    trust = Organisation.objects.create(
        code=data.TRUST[0], name=data.TRUST[1], kind=Organisation.Kind.TRUST, is_host=True
    )
    Organisation.objects.bulk_create(
        [Organisation(code=code, name=name, kind=kind) for code, name, kind in data.PARTNERS]
    )
    ctx.trust = trust
    wards: list[Ward] = []
    for code, name, town, ward_names in data.SITES:
        site = Site.objects.create(organisation=trust, code=code, name=name, town=town)
        ctx.sites[code] = site
        for number, (ward_name, (specialty_code, bed_range)) in enumerate(
            zip(ward_names, data.PROGRAMME_WARDS, strict=True), start=1
        ):
            wards.append(
                Ward(
                    site=site,
                    code=f"{code}-W{number:02d}",
                    name=f"{ward_name} Ward",
                    kind=Ward.Kind.WARD,
                    specialty=specialties[specialty_code],
                    beds=rng.randint(*bed_range),
                    in_programme=True,
                )
            )
        for suffix, unit, kind, specialty, beds in [*data.UNITS, data.SITE_SPECIALS[code]]:
            wards.append(
                Ward(
                    site=site,
                    code=f"{code}-{suffix}",
                    name=unit,
                    kind=kind,
                    specialty=specialties[specialty] if specialty else None,
                    beds=rng.randint(*beds) if beds else None,
                )
            )
    for ward in Ward.objects.bulk_create(wards):
        ctx.wards[ward.code] = ward
    ctx.log(
        f"  {len(ctx.sites)} sites, {len(wards)} wards and units, {len(data.PARTNERS)} partners"
    )


# ------------------------------------------------------------------ step: staff


def reset_staff(ctx: DemoContext) -> None:
    _raw_delete(StaffMember)


def build_staff(ctx: DemoContext) -> None:
    rng = ctx.rng("staff")
    people = generate_people(max(ctx.staff_count - len(DEMO_USERS), 0), rng)
    places = _places(ctx)
    emails: set[str] = set()
    members = []
    for number, first, last, group, role, band, place in people:
        site_code = rng.choice(list(ctx.sites))
        ward = _pick_ward(place, site_code, places, rng)
        members.append(
            StaffMember(
                staff_number=number,
                first_name=first,
                last_name=last,
                email=_unique_email(first, last, emails),
                organisation=ctx.trust,
                staff_group=group,
                job_role=role,
                band=band,
                site=ctx.sites[site_code],
                ward=ward,
            )
        )
    for index, (username, _roles, first, last, group, role, band, ward_code) in enumerate(
        DEMO_USERS, start=1
    ):
        ward = ctx.wards[ward_code] if ward_code else None
        site = ward.site if ward else ctx.sites[DEMO_USER_SITES[username]]
        members.append(
            StaffMember(
                staff_number=f"9{index:07d}",
                first_name=first,
                last_name=last,
                email=_unique_email(first, last, emails),
                organisation=ctx.trust,
                staff_group=group,
                job_role=role,
                band=band,
                site=site,
                ward=ward,
            )
        )
    ctx.staff = StaffMember.objects.bulk_create(members, batch_size=1000)
    _appoint_ward_managers(ctx)
    ctx.log(f"  {len(ctx.staff):,} staff")


def _appoint_ward_managers(ctx: DemoContext) -> None:
    """Each ward's manager is one of its own ward sisters or charge nurses
    (the demo's ward sister persona manages hers)."""
    managers: dict[int, StaffMember] = {}
    for member in reversed(ctx.staff):  # the personas were added last: they win
        if member.ward_id and member.job_role in MANAGER_ROLES:
            managers.setdefault(member.ward_id, member)
    wards = [ward for ward in ctx.wards.values() if ward.pk in managers]
    for ward in wards:
        ward.manager = managers[ward.pk]
    Ward.objects.bulk_update(wards, ["manager"])


def generate_people(
    count: int, rng: random.Random
) -> list[tuple[str, str, str, str, str, str, str]]:
    """(staff number, first, last, staff group, job role, band, place) for ``count`` people.

    Group sizes follow STAFF_GROUP_MIX exactly (largest remainder), so even
    a small demo has every group.
    """
    numbers = rng.sample(range(10_000_000, 90_000_000), count)
    shares = [(group, share * count) for group, share in data.STAFF_GROUP_MIX]
    sizes = {group: int(exact) for group, exact in shares}
    leftover = count - sum(sizes.values())
    for group, _exact in sorted(shares, key=lambda s: s[1] - int(s[1]), reverse=True)[:leftover]:
        sizes[group] += 1
    people = []
    for group, _share in data.STAFF_GROUP_MIX:
        roles = data.ROLES[group]
        weights = [r[2] for r in roles]
        for role, bands, _weight, place in rng.choices(roles, weights, k=sizes[group]):
            people.append(
                (
                    "",
                    rng.choice(data.FIRST_NAMES),
                    rng.choice(data.LAST_NAMES),
                    group,
                    role,
                    rng.choice(bands),
                    place,
                )
            )
    rng.shuffle(people)
    return [(str(n), *person[1:]) for n, person in zip(numbers, people, strict=True)]


def _places(ctx: DemoContext) -> dict[tuple[str, str], list[Ward]]:
    """(site code, place) -> wards a role with that place may work on."""
    places: dict[tuple[str, str], list[Ward]] = {}
    for ward in ctx.wards.values():
        site_code, suffix = ward.code.split("-", 1)
        places.setdefault((site_code, suffix), []).append(ward)
        if ward.kind == Ward.Kind.WARD:
            places.setdefault((site_code, "ward"), []).append(ward)
    return places


def _pick_ward(
    place: str, site_code: str, places: dict[tuple[str, str], list[Ward]], rng: random.Random
) -> Ward | None:
    if place == "site":
        return None
    options = [w for key in place.split() for w in places.get((site_code, key), [])]
    return rng.choice(options) if options else None


def _unique_email(first: str, last: str, taken: set[str]) -> str:
    base = "".join(c for c in f"{first}.{last}".lower() if c.isalnum() or c == ".")
    email, n = f"{base}@{EMAIL_DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{EMAIL_DOMAIN}"
    taken.add(email)
    return email


# ------------------------------------------------------------------ step: log-ins


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


register(DemoStep("structure", 100, build_structure, reset_structure))
register(DemoStep("staff", 200, build_staff, reset_staff))
register(DemoStep("logins", 300, build_logins))
