"""The demo trust's staff directory, with a realistic ESR staff-group mix.

Deterministic: the same seed gives the same staff numbers and names.
"""

from __future__ import annotations

import random

from qls.demo.context import DemoContext, DemoStep, raw_delete
from qls.demo.organisation import data
from qls.demo.organisation.logins import DEMO_USER_SITES, DEMO_USERS, EMAIL_DOMAIN
from qls.organisation.models import StaffMember, Ward

# Job roles that run a ward day to day.
MANAGER_ROLES = {"Ward Sister", "Charge Nurse", "Ward Manager"}


def reset_staff(ctx: DemoContext) -> None:
    raw_delete(StaffMember)


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


STEP = DemoStep("staff", build_staff, reset_staff)
