"""The demo's soft intelligence (``manage.py demo``).

Twelve entries across the partners, of every kind, weight and sensitivity,
most received in the last three months so the early-warning list has soft
signals beside the SPC of the shared metrics; a few are linked to the demo
risks of the same organisation. The reset runs before the system-risks
step's, so the demo log-ins that logged them can be removed.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qls.demo.context import DemoContext, DemoStep
from qls.organisation.models import Organisation
from qls.system.models import QualityRisk
from qls.system.warnings.models import SoftIntelligence

HOST = "host"
# (organisation code, kind, weight, restricted, days ago, summary, source)
ENTRIES: list[tuple[str, str, int, bool, int, str, str]] = [
    (HOST, "complaints", 2, False, 12,
     "Complaints about long waits on trolleys in the emergency department doubled this month.",
     "Patient advice and liaison service monthly report"),
    (HOST, "staffing", 3, False, 20,
     "Night shifts on the older people's wards ran two registered nurses short for three weeks.",
     "Safer staffing report"),
    (HOST, "regulator", 3, False, 45,
     "The CQC's unannounced visit found medicines left unsecured on two wards.",
     "CQC inspection feedback letter"),
    ("EEMHC", "whistleblowing", 3, True, 8,
     "Staff say concerns about restraint on an acute ward were not listened to.",
     "Freedom to speak up guardian"),
    ("EEMHC", "serious_incident", 3, False, 30,
     "A serious incident after discharge without a follow-up within 72 hours.",
     "Serious incident report to the integrated care board"),
    ("EEMHC", "feedback", 1, False, 60,
     "Carers say crisis line calls go unanswered after midnight.",
     "Carers' forum"),
    ("EECHP", "staffing", 2, False, 15,
     "District nursing vacancies above 20% in the north locality.",
     "Workforce return"),
    ("EECHP", "complaints", 1, False, 70,
     "A theme of missed insulin visits in complaints this quarter.",
     "Complaints team quarterly theme review"),
    ("EEHOS", "feedback", 1, False, 25,
     "Families praise care but say out-of-hours advice is hard to reach.",
     "Friends and family test comments"),
    ("EECHC", "regulator", 2, True, 40,
     "A local authority quality visit raised concerns about medicines records in two homes.",
     "Council quality assurance visit"),
    ("EEPC1", "serious_incident", 2, False, 50,
     "A delayed cancer referral from one practice is under investigation.",
     "Primary care quality team"),
    ("EEPC2", "complaints", 1, False, 150,
     "Complaints about telephone access fell after the new phone system.",
     "Practice complaints log"),
]  # fmt: skip


def reset(ctx: DemoContext) -> None:
    SoftIntelligence.objects.all().delete()


def build(ctx: DemoContext) -> None:
    lead = ctx.users["system"]
    orgs = {o.code: o for o in Organisation.objects.all()}
    orgs[HOST] = ctx.trust or Organisation.objects.get(is_host=True)
    today = timezone.localdate()
    made = []
    for code, kind, weight, restricted, days, summary, source in ENTRIES:
        if code not in orgs:
            continue
        made.append(
            SoftIntelligence.objects.create(
                organisation=orgs[code],
                kind=kind,
                weight=weight,
                summary=summary,
                source=source,
                received_on=today - dt.timedelta(days=days),
                logged_by=lead,
                sensitivity=SoftIntelligence.Sensitivity.RESTRICTED
                if restricted
                else SoftIntelligence.Sensitivity.OPEN,
            )
        )
    linked = 0
    for entry in made[::2]:
        risk = QualityRisk.objects.filter(organisation=entry.organisation).order_by("title").first()
        if risk is not None:
            risk.intelligence.add(entry)
            linked += 1
    ctx.log(f"  {len(made)} soft intelligence entries, {linked} linked to risks")


STEP = DemoStep("system-warnings", build, reset)
