"""The demo's system quality oversight (``manage.py demo``).

Three more partners of the integrated care system (organisation demo data),
three log-ins (``system``, the system quality lead at the integrated care
board; ``partner``, the quality lead of the mental health and community
trust; and ``partneranalyst``, that trust's analyst, who imports its returns), and a register of 25 risks at every level and band.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from qls.accounts.roles import Role
from qls.demo.context import DemoContext, DemoStep
from qls.demo.organisation.logins import DEMO_PASSWORD
from qls.demo.system.risks_data import ACTIONS, HOST, LINKS, REASONS, RISKS
from qls.measurement.models import Metric
from qls.organisation.models import Organisation, StaffGroup, StaffMember
from qls.projects.models import Project
from qls.system.models import EscalationDecision, QualityRisk, RiskAction
from qls.system.scoring import Level

EMAIL_DOMAIN = "example.nhs.uk"

# username, role, first, last, organisation code, job role
LOGINS = [
    ("system", Role.SYSTEM_QUALITY_LEAD, "Ruth", "Adeyemi", "EEICB", "Director of Quality"),
    ("partner", Role.PARTNER_QUALITY_LEAD, "Owen", "Gallagher", "EEMHC", "Head of Quality"),
    ("partneranalyst", Role.PARTNER_ANALYST, "Priya", "Natarajan", "EEMHC", "Information Analyst"),
]
# A quality lead at each partner without a log-in, to own its risks.
OWNERS = {
    "EEMHC": ("Nadia", "Kowalski"),
    "EECHP": ("Femi", "Bakare"),
    "EEHOS": ("Clare", "Dunmore"),
    "EEICB": ("Yusuf", "Rahman"),
    "EECHC": ("Joanne", "Whitlock"),
    "EETBC": ("Marcus", "Heywood"),
    "EEPC1": ("Anita", "Desai"),
    "EEPC2": ("Gareth", "Pryce"),
}


def reset(ctx: DemoContext) -> None:
    EscalationDecision.objects.all().delete()
    RiskAction.objects.all().delete()
    QualityRisk.objects.all().delete()
    get_user_model().objects.filter(username__in=[u for u, *_ in LOGINS]).delete()
    StaffMember.objects.filter(staff_number__startswith="95").delete()


def _member(number: int, first: str, last: str, organisation: Organisation, job: str):
    return StaffMember(
        staff_number=f"95{number:06d}",
        first_name=first,
        last_name=last,
        email=f"{first}.{last}.{organisation.code}@{EMAIL_DOMAIN}".lower(),
        organisation=organisation,
        staff_group=StaffGroup.ADMIN_CLERICAL,
        job_role=job,
    )


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("system")
    orgs = {o.code: o for o in Organisation.objects.all()}
    host = ctx.trust or Organisation.objects.get(is_host=True)
    members = [
        _member(n, first, last, orgs[code], job)
        for n, (_u, _r, first, last, code, job) in enumerate(LOGINS, start=1)
    ]
    members += [
        _member(n, first, last, orgs[code], "Quality Lead")
        for n, (code, (first, last)) in enumerate(OWNERS.items(), start=len(LOGINS) + 1)
    ]
    members = StaffMember.objects.bulk_create(members)
    owner_of = {m.organisation.code: m for m in members[len(LOGINS) :]}
    User = get_user_model()
    hashed = make_password(DEMO_PASSWORD)
    for member, (username, role, first, last, *_rest) in zip(members, LOGINS, strict=False):
        user = User.objects.create(
            username=username, first_name=first, last_name=last, email=member.email,
            password=hashed,
        )  # fmt: skip
        user.groups.set(Group.objects.filter(name__in=[Role.STAFF, role]))
        member.user = user
        member.save(update_fields=["user"])
        ctx.users[username] = user
    lead = ctx.users["system"]
    host_staff = [m for m in ctx.staff if m.email] or list(
        StaffMember.objects.filter(organisation=host)[:20]
    )
    today = timezone.localdate()
    now = timezone.now()
    for index, (code, title, likelihood, consequence, level, review, controls) in enumerate(RISKS):
        organisation = host if code == HOST else orgs[code]
        owner = rng.choice(host_staff) if code == HOST else owner_of[code]
        raised = now - dt.timedelta(days=120 - index * 3)
        risk = QualityRisk.objects.create(
            organisation=organisation, title=title, owner=owner, controls=controls,
            description=f"{title} puts the quality of care at risk for people using "
            f"{organisation.name.removesuffix(' (demo)')}'s services.",
            likelihood=likelihood, consequence=consequence, level=level,
            review_on=today + dt.timedelta(days=review), raised_by=lead, raised_at=raised,
        )  # fmt: skip
        _decisions(risk, level, lead, raised)
        _link(risk)
        for what, due, done in ACTIONS[: 1 + index % 3]:
            RiskAction.objects.create(
                risk=risk, description=what, owner=owner, due_on=today + dt.timedelta(days=due),
                status=RiskAction.Status.DONE if done else RiskAction.Status.OPEN,
                done_at=now if done else None,
            )  # fmt: skip
    ctx.log(f"  {len(RISKS)} quality risks across {len({r[0] for r in RISKS})} partners")


def _link(risk: QualityRisk) -> None:
    """The trust's metrics that show the risk and up to three of its projects on it."""
    codes, word = LINKS.get(risk.title, ([], ""))
    if not codes:
        return
    risk.metrics.set(Metric.objects.filter(code__in=codes))
    projects = Project.objects.filter(title__icontains=word).order_by("-start_date", "pk")
    risk.projects.set(projects[:3])


def _decisions(risk: QualityRisk, level: str, by, raised: dt.datetime) -> None:
    """The decisions that brought the risk to its level, one step at a time."""
    steps = {Level.ENHANCED: [Level.ENHANCED], Level.INTENSIVE: [Level.ENHANCED, Level.INTENSIVE]}
    previous = Level.ROUTINE
    for n, to_level in enumerate(steps.get(Level(level), []), start=1):
        EscalationDecision.objects.create(
            risk=risk, from_level=previous, to_level=to_level, reason=REASONS[to_level],
            by=by, at=raised + dt.timedelta(days=20 * n),
        )  # fmt: skip
        previous = to_level


STEP = DemoStep("system-risks", build, reset)
