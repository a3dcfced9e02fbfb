"""The measurement demo's catalogue: data sets, metrics, planted changes and strata."""

from __future__ import annotations

from dataclasses import dataclass

YEARS = 3
WEEKS = 52 * YEARS
MONTHS = 12 * YEARS

# ----------------------------------------------------------------- the catalogue

# slug, name, source system, cadence, sensitivity, description, fields (name, type, definition)
DATASETS: list[tuple[str, str, str, str, str, str, list[tuple[str, str, str]]]] = [
    ("incidents", "Patient safety incidents", "Datix Cloud IQ", "daily", "restricted",
     ("Every patient safety incident reported by staff, with the harm it caused. "
     "Record level; QLS holds only counts per ward and period."),
     [("incident_id", "code", "Datix reference of the incident."),
      ("reported_at", "datetime", "When the incident was reported."),
      ("ward_code", "code", "Ward where the incident happened (local ward code)."),
      ("category", "code", "Incident category: FALL, PRESSURE_ULCER, MEDICATION, ..."),
      ("harm", "code", "Harm level: none, low, moderate, severe, death.")]),
    ("bed-state", "Bed state and occupied bed days", "Patient administration system (PAS)",
     "daily", "internal",
     "Occupied bed days at midnight per ward: the denominator of rates per 1,000 bed days.",
     [("census_date", "date", "Date of the midnight census."),
      ("ward_code", "code", "Ward code."),
      ("occupied_beds", "integer", "Beds occupied at midnight.")]),
    ("inpatient-spells", "Inpatient spells", "Electronic patient record (EPR)", "daily",
     "restricted",
     ("One row per discharged inpatient spell, with the patient's IMD quintile, ethnic "
     "category, age band and sex for inequality analysis (no identifiers)."),
     [("discharge_date", "date", "Date the patient left hospital."),
      ("ward_code", "code", "Discharging ward."),
      ("length_of_stay", "decimal", "Days from admission to discharge."),
      ("before_noon", "boolean", "Discharged before 12:00."),
      ("readmitted_30d", "boolean", "Emergency readmission within 30 days."),
      ("imd_quintile", "code", ("Index of Multiple Deprivation quintile of the home "
                               "postcode: 1 most deprived, 5 least.")),
      ("ethnic_category", "code", "NHS Data Dictionary ETHNIC CATEGORY code (A-S, Z)."),
      ("age_band", "code", "Age band at admission."),
      ("sex", "code", "F or M.")]),
    ("ward-audits", "Ward quality audits", "Ward audit app", "weekly", "internal",
     ("Monthly and weekly audits of care on every ward: observations, sepsis, hand "
     "hygiene, VTE, delirium, fluid balance."),
     [("audit_date", "date", "Date of the audit."),
      ("ward_code", "code", "Audited ward."),
      ("standard", "code", "The standard audited, for example NEWS2 or HAND_HYGIENE."),
      ("met", "boolean", "Whether the standard was met for this patient or moment.")]),
    ("infection-surveillance", "Infection surveillance", "ICNet", "weekly", "restricted",
     ("Healthcare-associated infections attributed to a ward (C. difficile, MRSA, "
     "E. coli, catheter-associated urinary tract infections)."),
     [("specimen_date", "date", "Date of the positive specimen."),
      ("ward_code", "code", "Ward the case is attributed to."),
      ("organism", "code", "Organism, for example C. difficile or MRSA."),
      ("onset", "code", ("HOHA (hospital onset, healthcare associated), COHA or CO: the "
                         "attribution category of the case."))]),
    ("patient-experience", "Friends and Family Test and complaints", "FFT and PALS systems",
     "monthly", "open",
     "Friends and Family Test responses and complaints and compliments received.",
     [("response_date", "date", "Date of the response."),
      ("ward_code", "code", "Ward."),
      ("positive", "boolean", "Rated the service very good or good.")]),
    ("workforce", "Workforce and rostering", "Electronic Staff Record and e-rostering",
     "monthly", "internal",
     ("Appraisals, mandatory training, sickness absence, agency use, fill rates and care "
     "hours per patient day by ward."),
     [("month", "date", "First day of the month."),
      ("ward_code", "code", "Ward cost centre."),
      ("measure", "code", "Measure code."),
      ("numerator", "decimal", "Numerator."),
      ("denominator", "decimal", "Denominator.")]),
    ("staff-survey", "Staff pulse survey", "Quarterly pulse survey", "quarterly", "internal",
     "Engagement score (0 to 10) from the quarterly pulse survey, one figure a quarter.",
     [("month", "date", "Month."), ("ward_code", "code", "Ward."),
      ("engagement", "decimal", "Mean engagement score, 0 to 10.")]),
]  # fmt: skip


@dataclass(frozen=True)
class MetricSpec:
    code: str
    name: str
    definition: str
    unit: str
    chart: str
    direction: str
    target: float | None
    freq: str  # day, week, month or quarter
    domain: str
    aim: int
    dataset: str
    kind: str  # rate, prop, count, value, gaps
    base: float  # rate per bed day, proportion, count per 25 beds a month, mean, mean gap
    spread: float = 0.2  # between-ward variation (log, logit or value scale)
    multiplier: float = 1.0
    n: float = 10.0  # prop: audits/patients per ward a week; value: noise sd
    scope: str = "ward"  # ward, site, trust
    strata: bool = False
    key: bool = False


M = MetricSpec
# fmt: off
METRICS: list[MetricSpec] = [
    # Safe
    M("falls", "Inpatient falls per 1,000 bed days", "Falls reported in Datix divided by "
      "occupied bed days, times 1,000.", "per 1,000 bed days", "u", "decrease", 5.0, "week",
      "safe", 1, "incidents", "rate", 0.0062, 0.25, 1000, strata=True, key=True),
    M("falls-harm", "Falls with moderate or severe harm per 1,000 bed days", "Falls causing "
      "moderate harm, severe harm or death per 1,000 occupied bed days.", "per 1,000 bed days",
      "u", "decrease", None, "month", "safe", 1, "incidents", "rate", 0.00019, 0.3, 1000),
    M("pressure-ulcers", "Hospital-acquired pressure ulcers (category 2 and above) per 1,000 "
      "bed days", "New pressure ulcers of category 2 or worse per 1,000 occupied bed days.",
      "per 1,000 bed days", "u", "decrease", 1.0, "month", "safe", 1, "incidents", "rate",
      0.0012, 0.3, 1000, key=True),
    M("pressure-ulcer-count", "Hospital-acquired pressure ulcers", "Count of new category 2+ "
      "pressure ulcers.", "ulcers", "c", "decrease", None, "month", "safe", 1, "incidents",
      "count", 0.9, 0.3),
    M("cdiff", "C. difficile infections (hospital onset)", "Hospital-onset healthcare-"
      "associated C. difficile cases.", "cases", "c", "decrease", None, "month", "safe", 1,
      "infection-surveillance", "count", 0.12, 0.2),
    M("mrsa", "MRSA bacteraemia", "Hospital-onset MRSA bloodstream infections.", "cases", "c",
      "decrease", 0.0, "month", "safe", 1, "infection-surveillance", "count", 0.02, 0.1,
      scope="site"),
    M("ecoli", "E. coli bacteraemia (hospital onset)", "Hospital-onset E. coli bloodstream "
      "infections.", "cases", "c", "decrease", None, "month", "safe", 1,
      "infection-surveillance", "count", 0.25, 0.2, scope="site"),
    M("cauti", "Catheter-associated urinary tract infections", "CAUTIs attributed to the "
      "ward.", "cases", "c", "decrease", None, "month", "safe", 1, "infection-surveillance",
      "count", 0.3, 0.3),
    M("sepsis-screening", "Sepsis screening compliance", "Patients with a NEWS2 of 5 or more "
      "screened for sepsis within one hour.", "%", "p", "increase", 90.0, "week", "safe", 1,
      "ward-audits", "prop", 0.84, 0.35, 100, n=6, strata=True, key=True),
    M("sepsis-antibiotics", "Antibiotics within one hour for red-flag sepsis", "Red-flag "
      "sepsis patients given antibiotics within 60 minutes.", "%", "p", "increase", 90.0,
      "month", "safe", 1, "ward-audits", "prop", 0.78, 0.3, 100, n=1.5),
    M("news2", "NEWS2 observations on time", "Observation sets recorded on time for the "
      "patient's NEWS2 frequency.", "%", "p", "increase", 95.0, "week", "safe", 1,
      "ward-audits", "prop", 0.9, 0.4, 100, n=20, key=True),
    M("hand-hygiene", "Hand hygiene compliance", "Observed moments of care with correct hand "
      "hygiene.", "%", "p", "increase", 95.0, "month", "safe", 1, "ward-audits", "prop", 0.93,
      0.4, 100, n=5, key=True),
    M("medication-incidents", "Medication incidents reported per 1,000 bed days",
      "Medication incidents of any harm level reported in Datix per 1,000 bed days (a "
      "reporting culture measure: neither direction is better).", "per 1,000 bed days", "u",
      "neutral", None, "month", "safe", 1, "incidents", "rate", 0.0045, 0.3, 1000),
    M("omitted-medicines", "Omitted critical medicines", "Doses of critical medicines omitted "
      "without a valid reason, as a share of doses due.", "%", "p", "decrease", 2.0, "month",
      "safe", 1, "ward-audits", "prop", 0.035, 0.3, 100, n=60),
    M("vte-assessment", "VTE risk assessment within 14 hours", "Admitted patients with a VTE "
      "risk assessment within 14 hours.", "%", "p", "increase", 95.0, "month", "safe", 1,
      "ward-audits", "prop", 0.94, 0.4, 100, n=12),
    M("delirium-screening", "Delirium screening in patients over 65", "Patients over 65 "
      "screened for delirium (4AT) within 24 hours.", "%", "p", "increase", 90.0, "month",
      "safe", 1, "ward-audits", "prop", 0.72, 0.4, 100, n=6),
    M("cardiac-arrests", "Cardiac arrests per 1,000 bed days", "In-hospital cardiac arrests "
      "(2222 calls) per 1,000 bed days.", "per 1,000 bed days", "u", "decrease", None,
      "month", "safe", 1, "incidents", "rate", 0.0006, 0.3, 1000),
    M("never-events-days", "Days between never events", "Days since the previous never "
      "event, at each never event (g chart: higher is better).", "days", "g", "increase",
      None, "day", "safe", 1, "incidents", "gaps", 75.0, scope="trust"),
    M("serious-incident-days", "Days between serious incidents", "Days since the previous "
      "serious incident, at each serious incident (t chart).", "days", "t", "increase", None,
      "day", "safe", 1, "incidents", "gaps", 9.0, scope="trust"),
    M("fluid-balance", "Fluid balance charts complete", "Fluid balance charts completed and "
      "totalled at 24 hours.", "%", "p", "increase", 90.0, "month", "safe", 1, "ward-audits",
      "prop", 0.76, 0.4, 100, n=8),
    # Effective
    M("length-of-stay", "Average length of stay", "Mean days from admission to discharge of "
      "spells ending in the period.", "days", "xmr", "decrease", None, "week", "effective", 2,
      "inpatient-spells", "value", 6.2, 1.0, n=0.6, strata=True),
    M("discharge-before-noon", "Discharges before noon", "Discharges home before 12:00 as a "
      "share of all discharges.", "%", "p", "increase", 33.0, "week", "effective", 2,
      "inpatient-spells", "prop", 0.19, 0.35, 100, n=24, strata=True, key=True),
    M("readmissions-30d", "Emergency readmissions within 30 days", "Discharges followed by an "
      "emergency readmission within 30 days.", "%", "p", "decrease", None, "month",
      "effective", 2, "inpatient-spells", "prop", 0.11, 0.25, 100, n=24, strata=True),
    M("stranded-patients", "Patients in hospital 21 days or more", "Patients with a length "
      "of stay of 21 days or more at the weekly census.", "patients", "c", "decrease", None,
      "week", "effective", 2, "inpatient-spells", "count", 2.2, 0.3),
    M("no-criteria-to-reside", "Patients with no criteria to reside", "Patients who no "
      "longer meet the criteria to reside, mean at the daily census.", "patients", "xmr",
      "decrease", None, "week", "effective", 2, "bed-state", "value", 3.5, 1.0, n=0.7),
    M("mortality", "In-hospital deaths per 1,000 bed days", "Deaths in hospital per 1,000 "
      "occupied bed days (crude).", "per 1,000 bed days", "u", "decrease", None, "month",
      "effective", 2, "inpatient-spells", "rate", 0.0035, 0.2, 1000, scope="site"),
    M("edd-24h", "Expected date of discharge set within 24 hours", "Admissions with an "
      "expected date of discharge recorded within 24 hours.", "%", "p", "increase", 90.0,
      "month", "effective", 2, "inpatient-spells", "prop", 0.66, 0.45, 100, n=24),
    M("weekend-discharges", "Weekend discharges", "Discharges on Saturday or Sunday as a "
      "share of all discharges.", "%", "p", "increase", None, "month", "effective", 2,
      "inpatient-spells", "prop", 0.17, 0.3, 100, n=24),
    # Positive experience
    M("fft-positive", "Friends and Family Test: positive responses", "Responses rating the "
      "ward very good or good.", "%", "p", "increase", 95.0, "month", "positive-experience",
      1, "patient-experience", "prop", 0.93, 0.45, 100, n=9, strata=True, key=True),
    M("complaints", "Complaints per 1,000 bed days", "Formal complaints about the ward per "
      "1,000 occupied bed days.", "per 1,000 bed days", "u", "decrease", None, "month",
      "positive-experience", 1, "patient-experience", "rate", 0.0011, 0.3, 1000),
    M("compliments", "Compliments received", "Compliments logged by PALS for the ward.",
      "compliments", "c", "increase", None, "month", "positive-experience", 1,
      "patient-experience", "count", 3.0, 0.4),
    M("mixed-sex-breaches", "Mixed-sex accommodation breaches", "Breaches of same-sex "
      "accommodation guidance.", "breaches", "c", "decrease", 0.0, "month",
      "positive-experience", 1, "patient-experience", "count", 0.15, 0.3),
    M("pain-managed", "Patients whose pain was well managed", "Inpatients answering that "
      "staff did all they could to control their pain.", "%", "p", "increase", 90.0, "month",
      "positive-experience", 1, "patient-experience", "prop", 0.86, 0.35, 100, n=5),
    # Well-led
    M("staff-engagement", "Staff engagement score", "Mean engagement score from the quarterly "
      "pulse survey (0 to 10).", "score (0-10)", "xmr",
      "increase", 7.0, "quarter", "well-led", 1, "staff-survey", "value", 6.8, 0.4, n=0.15),
    M("appraisal", "Appraisal compliance", "Staff with an appraisal in the last 12 months.",
      "%", "p", "increase", 90.0, "month", "well-led", 1, "workforce", "prop", 0.84, 0.45, 100,
      n=12),
    M("mandatory-training", "Mandatory training compliance", "Mandatory training modules in "
      "date.", "%", "p", "increase", 90.0, "month", "well-led", 1, "workforce", "prop", 0.88,
      0.4, 100, n=70),
    M("sickness", "Sickness absence rate", "Working days lost to sickness as a share of "
      "available days.", "%", "p", "decrease", 4.0, "month", "well-led", 1, "workforce",
      "prop", 0.051, 0.25, 100, n=200),
    # Sustainably resourced
    M("agency-hours", "Agency staff hours", "Hours worked by agency staff as a share of all "
      "hours worked.", "%", "p", "decrease", 3.0, "month", "sustainably-resourced", 5,
      "workforce", "prop", 0.045, 0.5, 100, n=900),
    M("rn-fill-rate", "Registered nurse day fill rate", "Registered nurse hours worked on day "
      "shifts as a percentage of hours planned.", "%", "xmr", "increase", 95.0, "month",
      "sustainably-resourced", 5, "workforce", "value", 93.0, 3.0, n=2.0),
    M("chppd", "Care hours per patient day", "Nursing and care support hours per occupied "
      "bed day.", "hours", "xmr", "neutral", None, "month", "sustainably-resourced", 5,
      "workforce", "value", 8.1, 0.6, n=0.25),
]
# fmt: on

# (metric code, ward code, periods before the last one when the improvement starts)
IMPROVEMENT_PLAN: list[tuple[str, str, int]] = [
    ("falls", "BAS-W04", 40),
    ("sepsis-screening", "BAS-W01", 34),
    ("news2", "BAS-W02", 44),
    ("discharge-before-noon", "SOU-W03", 30),
    ("falls", "BRO-W02", 26),
    ("discharge-before-noon", "BRO-W07", 28),
    ("hand-hygiene", "SOU-W05", 12),
    ("fft-positive", "BAS-W06", 14),
    ("omitted-medicines", "BRO-W11", 12),
    ("length-of-stay", "SOU-W09", 36),
    ("delirium-screening", "BAS-W12", 15),
    ("sepsis-screening", "SOU-W01", 24),
]
# Recent deteriorations for the early warning list: (metric, ward, periods before the last).
CONCERN_PLAN: list[tuple[str, str, int]] = [
    ("falls", "SOU-W07", 9),
    ("news2", "BRO-W04", 8),
    ("hand-hygiene", "BAS-W09", 0),
    ("pressure-ulcers", "SOU-W12", 7),
    ("discharge-before-noon", "BRO-W15", 8),
    ("sepsis-screening", "BAS-W17", 0),
    ("complaints", "BRO-W03", 0),
    ("length-of-stay", "BAS-W10", 8),
]

# Strata: dimension -> [(value, share of patients, effect on the bad side)].
IMD = [("1", 0.24, 0.35), ("2", 0.22, 0.2), ("3", 0.2, 0.1), ("4", 0.18, 0.0), ("5", 0.16, -0.1)]
ETHNIC = [  # NHS Data Dictionary ETHNIC CATEGORY codes
    ("A", 0.78, 0.0), ("B", 0.01, 0.0), ("C", 0.05, 0.05), ("D", 0.005, 0.1),
    ("E", 0.004, 0.1), ("F", 0.004, 0.05), ("G", 0.006, 0.1), ("H", 0.02, 0.1),
    ("J", 0.01, 0.15), ("K", 0.008, 0.2), ("L", 0.01, 0.1), ("M", 0.008, 0.15),
    ("N", 0.03, 0.2), ("P", 0.005, 0.15), ("R", 0.006, 0.0), ("S", 0.01, 0.1),
    ("Z", 0.034, 0.05),
]  # fmt: skip
AGE = [("0-17", 0.03, -0.1), ("18-44", 0.16, -0.1), ("45-64", 0.22, 0.0),
       ("65-74", 0.19, 0.05), ("75-84", 0.23, 0.15), ("85+", 0.17, 0.25)]  # fmt: skip
SEX = [("F", 0.52, 0.0), ("M", 0.48, 0.05)]
STRATA = {"imd_quintile": IMD, "ethnic_group": ETHNIC, "age_band": AGE, "sex": SEX}
WIDENING_METRIC = "readmissions-30d"  # the IMD gap grows over the last year
