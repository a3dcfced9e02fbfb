"""The demo's quality risk register: 25 risks across the system's partners.

(organisation code, title, likelihood, consequence, level, review in days
from today (negative: overdue), controls). Chosen so every escalation level
and every band of the 5 x 5 matrix appears, and a few reviews are overdue.
"""

from __future__ import annotations

HOST = "host"  # the acute trust, whatever its code

RISKS: list[tuple[str, str, int, int, str, int, str]] = [
    (HOST, "Ambulance handover delays at the front door", 5, 4, "intensive", -5,
     "Cohorting area staffed at peak times; daily system call on handovers."),
    (HOST, "Falls with harm on older people's wards at night", 4, 3, "enhanced", 12,
     "Bay tagging and enhanced observation for people at high risk of falling."),
    (HOST, "Pressure ulcers acquired in the emergency department", 3, 3, "enhanced", -12,
     "Skin checks within two hours of arrival; pressure-relieving trolleys."),
    (HOST, "Sepsis screening missed for patients boarded on corridors", 3, 5, "intensive", 4,
     "Screening prompt in the electronic record; sepsis nurse rounds."),
    (HOST, "Delayed discharge summaries reaching general practice", 3, 2, "routine", 30,
     "Weekly report of summaries not sent within 24 hours."),
    (HOST, "Maternity triage waits over 30 minutes", 2, 4, "enhanced", 20,
     "Triage midwife rota reviewed each shift."),
    ("EEMHC", "Out-of-area placements for adult mental health beds", 5, 3, "intensive", -2,
     "Daily bed management call; crisis house used before any placement away."),
    ("EEMHC", "Restrictive practice on the acute inpatient wards", 3, 4, "enhanced", 10,
     "Reducing restrictive practice programme; monthly review of every restraint."),
    ("EEMHC", "Community mental health team caseloads above safe levels", 4, 4, "enhanced", -20,
     "Caseload weighting tool; waiting list reviewed by a senior clinician."),
    ("EEMHC", "Physical health checks for people with serious mental illness", 2, 3, "routine", 45,
     "Annual check recall shared with primary care."),
    ("EEMHC", "Learning from deaths reviews completed late", 2, 2, "routine", 6,
     "Mortality review group meets monthly."),
    ("EECHP", "District nursing vacancies leaving visits unallocated", 4, 3, "enhanced", 3,
     "Daily allocation huddle; bank staff for unallocated visits."),
    ("EECHP", "Wound care supplies not reaching patients' homes in time", 2, 2, "routine", -8,
     "Direct delivery from the supplier for urgent orders."),
    ("EECHP", "Insulin administration errors in home visits", 1, 4, "routine", 60,
     "Competency checks for every nurse giving insulin."),
    ("EECHP", "Urgent community response missing its two-hour standard", 3, 3, "routine", 15,
     "Response tracked daily; escalation to the on-call manager."),
    ("EEHOS", "End of life medicines unavailable out of hours", 2, 5, "enhanced", 7,
     "Just-in-case medicines stocked at two community pharmacies."),
    ("EEHOS", "Advance care plans not shared with the ambulance service", 3, 2, "routine", 25,
     "Plans recorded on the shared care record."),
    ("EEHOS", "Volunteer training records incomplete", 1, 1, "routine", 90,
     "Training log kept by the volunteer coordinator."),
    ("EEICB", "Continuing healthcare assessments over 28 days", 4, 2, "routine", -30,
     "Weekly trajectory to clear assessments waiting longest."),
    ("EEICB", "Primary care access for people experiencing homelessness", 2, 3, "routine", 40,
     "Outreach clinic at the day centre twice a week."),
    ("EECHC", "Care home staff turnover affecting continuity of care", 4, 4, "enhanced", 14,
     "Provider support team visits; shared training offer."),
    ("EECHC", "Domiciliary care hours not delivered", 5, 5, "intensive", 2,
     "Market sustainability plan; brokerage team prioritises people leaving hospital."),
    ("EETBC", "Safeguarding referrals awaiting triage", 3, 4, "enhanced", -3,
     "Triage backlog reviewed by the principal social worker weekly."),
    ("EEPC1", "Medicines reviews for care home residents overdue", 1, 3, "routine", 35,
     "Pharmacist-led reviews scheduled across the network."),
    ("EEPC2", "Cervical screening uptake in the most deprived areas", 1, 2, "routine", 50,
     "Evening and weekend clinics; text reminders in community languages."),
]  # fmt: skip

# The acute trust's risks watched through its own metrics and worked on by its
# projects: (risk title, metric codes, a word every linked project's title holds).
LINKS: dict[str, tuple[list[str], str]] = {
    "Falls with harm on older people's wards at night": (["falls", "falls-harm"], "fall"),
    "Pressure ulcers acquired in the emergency department": (
        ["pressure-ulcers", "pressure-ulcer-count"], "pressure ulcer"),
    "Sepsis screening missed for patients boarded on corridors": (
        ["sepsis-screening", "sepsis-antibiotics"], "sepsis"),
    "Delayed discharge summaries reaching general practice": (
        ["discharge-before-noon", "readmissions-30d"], "discharge"),
}  # fmt: skip

# (title, owner is the risk's owner, due in days from today (negative: overdue), done)
ACTIONS: list[tuple[str, int, bool]] = [
    ("Agree a shared escalation route with the partners involved", -14, True),
    ("Audit a month of cases against the standard", -4, False),
    ("Report progress to the System Quality Group", 21, False),
]

REASONS = {
    "enhanced": "Two months of deterioration in the measures and soft intelligence from "
    "staff; the System Quality Group asked for closer monitoring and a recovery plan.",
    "intensive": "Harm continuing despite enhanced surveillance; partners agreed a risk "
    "summit to share the problem and agree actions across the system.",
}
