"""The words the demo projects are made of: improvement topics a trust works on.

Each topic holds what a real team would write (titles, problems, SMART aims,
drivers, change ideas, PDSA notes and lessons); the generator combines them
with wards, dates and people. All of it is invented for the demo; the
metric codes name the demo QLS metrics of ``qls.demo.measurement``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    key: str
    weight: int
    tags: tuple[str, ...]
    aims: tuple[int, ...]  # strategic aim numbers
    domains: tuple[str, ...]  # quality domain slugs
    titles: tuple[str, ...]  # may use {ward}, {site}
    problems: tuple[str, ...]
    aim_statements: tuple[str, ...]  # may use {ward}, {target}, {date}
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    ideas: tuple[str, ...]
    # A QLS metric a project can link to, and a project-entered measure.
    metric: str | None
    measure: tuple[str, str, str, str]  # name, unit, chart type, direction
    process: tuple[str, str, str, str] | None = None
    lessons: tuple[str, ...] = field(default=())
    targets: tuple[str, ...] = ("by a third", "by half", "by 25%")


TOPICS: list[Topic] = [
    Topic(
        "falls", 14, ("falls", "frailty"), (1,), ("safe",),
        ("Reducing inpatient falls on {ward}", "Safer nights: fewer falls on {ward}",
         "Bay nursing to prevent falls on {ward}", "Falls prevention for patients with delirium on {ward}"),
        (("Patients on {ward} fall more often than on similar wards, most at night and on the way "
         "to the toilet. Several falls last year caused fractures."),
         ("Falls on {ward} rose over the winter; the falls risk assessment is often incomplete "
         "and call bells are out of reach in the side rooms."),),
        ("Reduce inpatient falls per 1,000 bed days on {ward} {target} by {date}.",
         "Cut falls on {ward} {target} within nine months, measured weekly from Datix."),
        ("Staff know who is at risk", "The environment is safe", "Patients are supervised when they need to be"),
        ("Falls risk assessment on admission", "Lying and standing blood pressure", "Call bells within reach",
         "Enhanced supervision for the highest risk", "Toileting rounds"),
        ("Bay nursing: a nurse stays in the high-risk bay", "Red socks for patients at high risk of falls",
         "Intentional rounding every two hours at night", "Falls huddle at each handover",
         "Low-rise beds and sensor mats", "Lying and standing blood pressure on admission",
         "Toileting round before lights out", "Falls safety cross on the ward board"),
        "falls", ("Falls per 1,000 bed days", "per 1,000 bed days", "u", "decrease"),
        ("Falls risk assessments complete within 6 hours", "%", "p", "increase"),
        ("Bay nursing only worked once the night rota allowed a nurse to stay in the bay.",
         "The falls huddle kept everyone focused; falls dropped when it became routine.",
         "Involving healthcare support workers in the design made the change stick."),
    ),
    Topic(
        "pressure-ulcers", 10, ("pressure ulcers", "skin integrity"), (1,), ("safe",),
        ("Preventing pressure ulcers on {ward}", "SSKIN bundle reliability on {ward}",
         "Heel protection for frail patients on {ward}"),
        (("Hospital-acquired pressure ulcers on {ward} are above the trust average; skin "
         "inspections are missed when the ward is busy."),
         "Several category 3 pressure ulcers on heels were found at discharge from {ward}."),
        ("Reduce hospital-acquired pressure ulcers on {ward} {target} by {date}.",
         "No avoidable category 3 or 4 pressure ulcers on {ward} for six months by {date}."),
        ("Skin is inspected reliably", "Patients are repositioned", "The right equipment is used"),
        ("SSKIN bundle on every shift", "Repositioning charts", "Mattress selection", "Nutrition and hydration"),
        ("SSKIN bundle at the bedside", "Heel offloading boots for every patient over 75",
         "Skin champion on each shift", "Repositioning clock above the bed",
         "Photographs of skin on admission", "Dynamic mattress within four hours"),
        "pressure-ulcers", ("Pressure ulcers per 1,000 bed days", "per 1,000 bed days", "u", "decrease"),
        ("SSKIN bundle complete", "%", "p", "increase"),
        ("Daily skin checks slipped at weekends until the skin champion role was added.",),
    ),
    Topic(
        "sepsis", 10, ("sepsis", "deteriorating patient"), (1, 3), ("safe", "effective"),
        ("Sepsis screening within the hour on {ward}", "Improving sepsis screening on {ward}",
         "Sepsis six on time at {site}"),
        (("Patients with a NEWS2 of 5 or more on {ward} are not always screened for sepsis within "
         "an hour, and antibiotics are sometimes late."),),
        ("Screen 90% of patients with NEWS2 of 5 or more for sepsis within one hour on {ward} by {date}.",),
        ("Deterioration is recognised early", "Screening is easy to do", "Escalation is clear"),
        ("Sepsis screening tool in the EPR", "NEWS2 training", "Escalation pathway", "Antibiotics on the ward"),
        ("Sepsis trolley with antibiotics on the ward", "Screening prompt in the EPR at NEWS2 of 5",
         "Sepsis champion on each shift", "Weekly feedback of missed screens",
         "Sepsis grab bag", "Simulation training for new starters"),
        "sepsis-screening", ("Sepsis screens within one hour", "%", "p", "increase"),
        ("Time from NEWS2 of 5 to antibiotics (minutes)", "minutes", "xmr", "decrease"),
        ("The EPR prompt helped most when the screen could be done from the same page.",),
    ),
    Topic(
        "deteriorating", 8, ("deteriorating patient", "NEWS2"), (1, 3), ("safe",),
        ("NEWS2 observations on time on {ward}", "Recognising the deteriorating patient on {ward}"),
        (("Observations on {ward} are often late, especially at night, so deterioration is "
         "recognised late."),),
        ("Record 95% of NEWS2 observations on time on {ward} by {date}.",),
        ("Observations are done on time", "Escalation is reliable"),
        ("Observation frequency is clear", "Equipment is available", "Staff know when to escalate"),
        ("Observation round at fixed times", "Handheld devices for observations",
         "Escalation card on the back of ID badges", "Night huddle for patients with rising scores",
         "Critical care outreach ward round"),
        "news2", ("NEWS2 observations on time", "%", "p", "increase"),
        None,
        ("Fixed observation rounds freed time rather than costing it.",),
    ),
    Topic(
        "discharge", 10, ("discharge", "flow"), (2,), ("effective", "positive-experience"),
        ("Discharge before noon on {ward}", "Home for lunch: earlier discharges from {ward}",
         "Criteria-led discharge on {ward}"),
        (("Most patients leave {ward} in the late afternoon, so admissions wait in the emergency "
         "department and the discharge lounge is empty in the morning."),),
        ("Increase discharges before noon on {ward} from 18% to 33% by {date}.",),
        ("Discharge is planned from admission", "Medicines to take home are ready", "Transport is booked early"),
        ("Expected date of discharge", "Board round", "Pharmacy", "Transport and family"),
        ("Expected date of discharge set on admission", "Board round before 10am",
         "Take-home medicines prescribed the day before", "Discharge lounge by 11am",
         "Criteria-led discharge by nurses", "Family told the day before"),
        "discharge-before-noon", ("Discharges before noon", "%", "p", "increase"),
        ("Take-home medicines ready the day before", "%", "p", "increase"),
        ("Prescribing take-home medicines the day before was the key change.",),
    ),
    Topic(
        "medicines", 8, ("medicines", "omitted doses"), (1, 3), ("safe",),
        ("Reducing omitted critical medicines on {ward}", "Time-critical medicines on time on {ward}",
         "Parkinson's medicines on time at {site}"),
        (("Critical medicines on {ward} are omitted or late, often because the medicine is not "
         "on the ward."),),
        ("Reduce omitted critical medicines on {ward} to under 2% of doses by {date}.",),
        ("Medicines are available", "Staff know which medicines are critical"),
        ("Stock lists", "Pharmacy top-up", "Drug round interruptions"),
        ("Red tabard for the drug round", "Critical medicines stock box", "Pharmacy technician on the ward",
         "Omitted dose review at the safety huddle", "Self-administration for patients who can"),
        "omitted-medicines", ("Omitted critical medicines", "%", "p", "decrease"),
        None,
        ("The red tabard reduced interruptions but only with the ward sister's support.",),
    ),
    Topic(
        "nutrition", 6, ("nutrition", "hydration"), (1,), ("safe", "positive-experience"),
        ("Nutrition screening and protected mealtimes on {ward}", "Hydration for older patients on {ward}"),
        (("Patients on {ward} are not always screened for malnutrition within 24 hours, and "
         "mealtimes are interrupted by ward rounds."),),
        ("Screen 95% of patients on {ward} with MUST within 24 hours of admission by {date}.",),
        ("Patients at risk are found", "Patients eat and drink enough"),
        ("MUST screening", "Protected mealtimes", "Assistance with eating"),
        ("Red jugs and trays for patients needing help", "Protected mealtimes", "MUST on the admission checklist",
         "Volunteer mealtime helpers", "Snack trolley in the afternoon"),
        None, ("MUST screening within 24 hours", "%", "p", "increase"),
        None,
        ("Volunteers made the biggest difference at lunchtime.",),
    ),
    Topic(
        "wellbeing", 7, ("staff wellbeing", "retention"), (1,), ("well-led",),
        ("Staff wellbeing on {ward}", "Breaks for night staff on {ward}", "Reducing turnover on {ward}"),
        (("Staff on {ward} rarely take their breaks, sickness absence is high and two in five "
         "newly qualified nurses left within a year."),),
        ("Increase the share of shifts where staff take their full break on {ward} to 80% by {date}.",),
        ("Staff can take breaks", "Staff feel supported", "New starters are welcomed"),
        ("Break cover", "Rest space", "Preceptorship", "Team huddles"),
        ("Break rota on the ward board", "Wobble room for staff", "Preceptorship buddy for new starters",
         "Thank-you board", "Monthly wellbeing walk-round"),
        None, ("Shifts with full breaks taken", "%", "p", "increase"),
        None,
        ("Break rotas only worked when the nurse in charge protected them.",),
    ),
    Topic(
        "delirium", 5, ("delirium", "frailty", "dementia"), (1, 3), ("safe", "effective"),
        ("Delirium screening on {ward}", "Finding delirium early on {ward}"),
        ("Patients over 65 on {ward} are not routinely screened for delirium, so it is found late.",),
        ("Screen 90% of patients over 65 on {ward} with the 4AT within 24 hours by {date}.",),
        ("Delirium is recognised", "Delirium is prevented"),
        ("4AT screening", "Sleep and orientation", "Family involvement"),
        ("4AT on the admission document", "This Is Me booklet", "Night-time quiet hours",
         "Orientation clocks by every bed", "Carers' passport"),
        "delirium-screening", ("Delirium screening within 24 hours", "%", "p", "increase"),
        None,
    ),
    Topic(
        "hand-hygiene", 5, ("infection prevention",), (1,), ("safe",),
        ("Hand hygiene on {ward}", "Gloves off: hand hygiene on {ward}"),
        ("Hand hygiene audits on {ward} are below 90%, and gloves are overused.",),
        ("Reach 95% hand hygiene compliance on {ward} by {date}.",),
        ("Staff clean their hands at the right moments", "Gel is where it is needed"),
        ("Five moments training", "Gel at the point of care"),
        ("Gel on every bed end", "Peer hand hygiene audits", "Gloves off campaign", "Bare below the elbows checks"),
        "hand-hygiene", ("Hand hygiene compliance", "%", "p", "increase"),
        None,
    ),
    Topic(
        "experience", 5, ("patient experience", "noise at night"), (1,), ("positive-experience",),
        ("Quieter nights on {ward}", "Improving patient experience on {ward}"),
        (("Patients on {ward} say noise at night stops them sleeping, and Friends and Family "
         "Test scores fell this year."),),
        ("Raise Friends and Family Test positive responses on {ward} to 95% by {date}.",),
        ("Patients can sleep", "Patients feel listened to"),
        ("Noise at night", "Information for patients", "Call bell response"),
        ("Sleep packs with eye masks and ear plugs", "Lights down at 11pm", "Soft-close bins",
         "Ask me about my stay cards", "Matron's daily patient rounds"),
        "fft-positive", ("Friends and Family Test positive", "%", "p", "increase"),
        None,
    ),
    Topic(
        "length-of-stay", 5, ("flow", "length of stay"), (2,), ("effective", "sustainably-resourced"),
        ("Reducing length of stay on {ward}", "Red and green days on {ward}"),
        ("Patients on {ward} stay longer than on similar wards, often waiting for tests or therapy.",),
        ("Reduce average length of stay on {ward} by one day by {date}.",),
        ("Every day has a purpose", "Delays are escalated"),
        ("Red and green days", "Therapy assessment", "Diagnostics"),
        ("Red and green days at the board round", "Daily escalation of delays", "Therapy at the front door",
         "Weekend discharge team"),
        "length-of-stay", ("Average length of stay", "days", "xmr", "decrease"),
        None,
    ),
    Topic(
        "outpatients", 4, ("outpatients", "missed appointments"), (2, 5), ("effective", "sustainably-resourced"),
        ("Fewer missed outpatient appointments at {site}", "Text reminders for clinic at {site}"),
        (("One in ten outpatient appointments at {site} is missed, most often by younger patients "
         "and people in the most deprived areas."),),
        ("Reduce missed appointments in the clinic at {site} to 6% by {date}.",),
        ("Patients know and can make their appointment",),
        ("Reminders", "Booking", "Transport"),
        ("Two-way text reminders", "Patient-chosen appointment times", "Video appointments offered",
         "Call from the clinic to first-time patients"),
        None, ("Missed appointments", "%", "p", "decrease"),
        None,
    ),
    Topic(
        "theatres", 3, ("theatres", "productivity"), (2, 5), ("effective", "sustainably-resourced"),
        ("On-time theatre starts at {site}", "Reducing late starts in theatres at {site}"),
        ("First cases in theatres at {site} start late on most days, losing a case a week per list.",),
        ("Start 85% of first theatre cases on time at {site} by {date}.",),
        ("Patients are ready", "The team is ready"),
        ("Pre-operative checks", "Team brief", "Porters"),
        ("Team brief at 8:15", "Patient sent for at 7:45", "Consent done the day before", "Porter allocated to theatres"),
        None, ("First cases starting on time", "%", "p", "increase"),
        None,
    ),
    Topic(
        "digital", 3, ("digital", "paperless"), (5, 4), ("sustainably-resourced", "well-led"),
        ("Electronic handover on {ward}", "Paper-light ward rounds on {ward}"),
        ("Handover on {ward} uses paper lists that are out of date by the afternoon.",),
        ("Move {ward} to electronic handover for every shift by {date}.",),
        ("The electronic list is easy to use", "Everyone can reach a device"),
        ("Handover template", "Devices", "Training"),
        ("Handover template in the EPR", "Workstations on wheels", "Super-users on each shift"),
        None, ("Handovers using the electronic list", "%", "p", "increase"),
        None,
    ),
]  # fmt: skip

PDSA_PLANS = (
    "Test {idea} with one team for one week",
    "Try {idea} on the day shift in one bay",
    "Repeat {idea} on nights with the feedback from the last cycle",
    "Extend {idea} to the whole ward for two weeks",
)
PREDICTIONS = (
    "Staff will find it workable and we will see fewer incidents in the bay",
    "Most shifts will manage it; night shifts may struggle",
    "Compliance will rise above 80% in the first week",
)
DO_NOTES = (
    "Done on most shifts; two shifts missed it when the ward was short-staffed.",
    "Staff liked it once they saw the first week's results on the board.",
    "Harder at night; the nurse in charge covered the gaps.",
    "Patients and families said they noticed the difference.",
)
STUDY_NOTES = (
    "Better than predicted on days, about as predicted on nights.",
    "The measure moved in the right direction but not yet beyond common cause variation.",
    "Worked where the champion was on shift; elsewhere it slipped.",
)
ACT_NOTES = {
    "adopt": "Adopt as standard work and add it to the ward induction.",
    "adapt": "Adapt: change the timing and test again on nights.",
    "abandon": "Abandon: too much effort for the benefit we saw.",
}
CLOSURE_REASONS = {
    "spread": "Adopted as standard work and spread to other wards in the directorate.",
    "sustained": "Sustained as business as usual for six months; monitoring continues.",
    "stopped": "Stopped: the ward was reconfigured and the team moved.",
}
PROGRAMMES = (
    ("QSIR Practitioner cohort 2024 spring", "qsir_cohort"),
    ("QSIR Practitioner cohort 2024 autumn", "qsir_cohort"),
    ("QSIR Practitioner cohort 2025 spring", "qsir_cohort"),
    ("Ward programme wave 1", "ward_wave"),
    ("Ward programme wave 2", "ward_wave"),
    ("Ward programme wave 3", "ward_wave"),
    ("Estuary system flow team", "system_team"),
)
