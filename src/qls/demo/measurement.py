"""Demo quality data: a catalogue, ~40 metrics and three years of observations.

Registered as demo step 400 (``manage.py demo``). Everything is synthetic and
deterministic for a seed: ward sizes come from the organisation step, values
from a NumPy generator seeded from the demo seed.

What it makes:

* data sets in the catalogue (Datix, the PAS, ward audits, workforce, FFT
  and so on), each with an owner and field definitions;
* metrics with the chart type a trust would use (u for falls per 1,000 bed
  days, p for compliance, c for infections, XmR for length of stay, g and t
  for rare events), weekly or monthly, three years to the last complete
  period;
* a series per metric for every programme ward (every ward and unit with
  beds at ``--scale full``), each site (the sum of its wards) and the trust;
* strata series (IMD quintile, NHS Data Dictionary ethnic category, age band,
  sex) at trust and site level for a handful of metrics, with the most
  deprived doing worse and, on 30-day readmissions, a gap that widens over
  the last year;
* deliberate, lasting improvements at the (metric, ward, period) points listed
  by :func:`demo_improvements`, so the projects demo can place an adopted
  change two to six weeks before each one; and a few recent deteriorations so
  the early warning list has something to say.

Observations are written with one ``executemany`` per batch (no model
instances: a full build holds several hundred thousand rows), then SPC is
computed for every series in one batch.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone

from qls.core import periods as core_periods
from qls.demo.context import DemoContext, DemoStep
from qls.measurement import spc_cache
from qls.measurement.models import (
    Dataset,
    DatasetField,
    Import,
    Metric,
    MetricTrajectory,
    Observation,
    RebasePoint,
    Series,
)
from qls.organisation.models import QualityDomain, StaffGroup, StrategicAim, Ward

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
_IMPROVEMENT_PLAN: list[tuple[str, str, int]] = [
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
_CONCERN_PLAN: list[tuple[str, str, int]] = [
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


# ----------------------------------------------------------------- periods


def last_complete_periods(today: dt.date | None = None) -> dict[str, dt.date]:
    """The last complete week (a Monday), month (the 1st) and quarter before ``today``."""
    today = today or dt.date.today()
    this_monday = today - dt.timedelta(days=today.weekday())
    first = today.replace(day=1)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    this_quarter = core_periods.period_start(today, "quarter")
    return {
        "week": this_monday - dt.timedelta(days=7),
        "month": prev_month,
        "quarter": core_periods.add_periods(this_quarter, "quarter", -1),
        "day": today,
    }


def periods(freq: str, today: dt.date | None = None) -> list[dt.date]:
    end = last_complete_periods(today)[freq]
    if freq == "week":
        return [end - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    if freq == "quarter":
        return [core_periods.add_periods(end, "quarter", -i) for i in range(4 * YEARS)][::-1]
    out = []
    y, m = end.year, end.month
    for _ in range(MONTHS):
        out.append(dt.date(y, m, 1))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def _days(freq: str, ps: Sequence[dt.date]) -> np.ndarray:
    if freq == "week":
        return np.full(len(ps), 7.0)
    step = "quarter" if freq == "quarter" else "month"
    return np.array([(core_periods.add_periods(p, step, 1) - p).days for p in ps], float)


_SPECS = {s.code: s for s in METRICS}


def demo_improvements(today: dt.date | None = None) -> list[tuple[str, str, dt.date]]:
    """(metric code, ward code, first improved period) of each deliberate improvement.

    Each is a lasting step in the improvement direction from that period on
    (enough to make a shift of 7+ points); the projects demo places an adopted
    change two to six weeks before it.
    """
    out = []
    for code, ward, back in _IMPROVEMENT_PLAN:
        ps = periods(_SPECS[code].freq, today)
        out.append((code, ward, ps[len(ps) - 1 - back]))
    return out


DEMO_IMPROVEMENTS: list[tuple[str, str, dt.date]] = demo_improvements()


# ----------------------------------------------------------------- generation


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray | float) -> Any:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _season(ps: Sequence[dt.date]) -> np.ndarray:
    """Winter pressure: +1 in January, -1 in July."""
    doy = np.array([p.timetuple().tm_yday for p in ps], float)
    return np.cos(2 * math.pi * (doy - 15) / 365.25)


@dataclass
class Generated:
    num: np.ndarray | None  # (units, periods)
    den: np.ndarray | None
    value: np.ndarray


def _effects(
    spec: MetricSpec, wards: list[Ward], ps: list[dt.date], plan_i: list[Any], plan_c: list[Any]
) -> np.ndarray:
    """Steps in the model scale: improvements (lasting) and recent deteriorations."""
    index = {w.code: i for i, w in enumerate(wards)}
    eff = np.zeros((len(wards), len(ps)))
    good = -1.0 if spec.direction == "decrease" else 1.0
    size = {"rate": 0.95, "prop": 1.3, "count": 0.95, "value": 3.0}.get(spec.kind, 0.0)
    if spec.kind == "value":
        size *= spec.n
    for code, ward, back in plan_i:
        if code == spec.code and ward in index:
            eff[index[ward], len(ps) - 1 - back :] += good * size
    for code, ward, back in plan_c:
        if code == spec.code and ward in index:
            start = len(ps) - 1 - back
            bump = 2.2 if back == 0 else 1.0  # a single last point must be outside the limits
            eff[index[ward], start:] -= good * size * bump
    return eff


def generate(
    spec: MetricSpec, wards: list[Ward], ps: list[dt.date], rng: np.random.Generator
) -> Generated:
    """Ward-level numerators, denominators and values for one metric."""
    n_w, n_t = len(wards), len(ps)
    beds = np.array([w.beds or 12 for w in wards], float)[:, None]
    days = _days(spec.freq, ps)[None, :]
    season = _season(ps)[None, :]
    eff = _effects(spec, wards, ps, _IMPROVEMENT_PLAN, _CONCERN_PLAN)
    if spec.kind == "rate":
        occupancy = np.clip(rng.normal(0.93, 0.03, (n_w, n_t)), 0.7, 1.0)
        den = np.maximum(np.round(beds * days * occupancy), 1.0)
        ward = rng.lognormal(0.0, spec.spread, (n_w, 1))
        lam = spec.base * ward * (1 + 0.08 * season) * np.exp(eff)
        num = rng.poisson(lam * den).astype(float)
        return Generated(num, den, num / den * spec.multiplier)
    if spec.kind == "prop":
        size = spec.n * days / 7 * beds / 25
        den = np.maximum(rng.poisson(size), 1).astype(float)
        ward = rng.normal(0.0, spec.spread, (n_w, 1))
        drift = np.linspace(-0.1, 0.1, n_t)[None, :]  # slow trust-wide improvement
        drift = drift if spec.direction != "decrease" else -drift
        p = _expit(_logit(spec.base) + ward + drift + eff - 0.05 * season)
        num = rng.binomial(den.astype(np.int64), p).astype(float)
        return Generated(num, den, num / den * spec.multiplier)
    if spec.kind == "count":
        ward = rng.lognormal(0.0, spec.spread, (n_w, 1))
        lam = spec.base * beds / 25 * days / 30.4 * ward * (1 + 0.1 * season) * np.exp(eff)
        value = rng.poisson(lam).astype(float)
        return Generated(None, None, value)
    # value (XmR)
    ward = rng.normal(0.0, spec.spread, (n_w, 1))
    noise = rng.normal(0.0, spec.n, (n_w, n_t))
    value = spec.base + ward + noise + eff + 0.15 * spec.n * season
    if spec.code == "staff-engagement":
        value = np.clip(value, 0, 10)
    return Generated(None, None, np.round(value, 2))


def aggregate(spec: MetricSpec, gen: Generated, groups: list[np.ndarray], beds: np.ndarray):
    """Site or trust rows from ward rows: sums for counts and ratios, a bed-weighted mean."""
    out = []
    for members in groups:
        if gen.num is not None and gen.den is not None:
            num = gen.num[members].sum(0)
            den = gen.den[members].sum(0)
            out.append((num, den, num / den * spec.multiplier))
        elif spec.kind == "count":
            out.append((None, None, gen.value[members].sum(0)))
        else:
            w = beds[members][:, None]
            out.append((None, None, np.round((gen.value[members] * w).sum(0) / w.sum(), 2)))
    return out


def strata_rows(
    spec: MetricSpec,
    num: np.ndarray | None,
    den: np.ndarray | None,
    value: np.ndarray,
    rng: np.random.Generator,
) -> list[tuple[str, str, np.ndarray | None, np.ndarray | None, np.ndarray]]:
    """Split one unit's rows into strata with the most deprived (and others) doing worse.

    Counts are split, not drawn afresh: each dimension's denominators and
    numerators add up exactly to the unit's own, as a real extract's would.
    """
    bad = 1.0 if spec.direction == "decrease" else -1.0
    n_t = len(value)
    out = []
    for dimension, groups in STRATA.items():
        effects = np.zeros((len(groups), n_t))
        for g, (code, _share, effect) in enumerate(groups):
            effects[g] = effect
            if spec.code == WIDENING_METRIC and dimension == "imd_quintile" and code == "1":
                effects[g, -12:] += np.linspace(0.05, 0.6, 12)
        if spec.kind in ("prop", "rate") and den is not None and num is not None:
            shares = np.array([share for _c, share, _e in groups])
            ds, ns = _split_counts(spec, num, den, shares / shares.sum(), bad * effects, rng)
            for g, (code, _share, _effect) in enumerate(groups):
                d, n = ds[g], ns[g]
                shown = n / np.maximum(d, 1) * spec.multiplier
                out.append((dimension, code, n, d, np.where(d > 0, shown, np.nan)))
            continue
        for g, (code, share, _effect) in enumerate(groups):
            noise = rng.normal(0.0, spec.n / math.sqrt(max(share, 0.01) * 10), n_t)
            v = np.round(value * (1 + effects[g] * bad * 0.3) + noise, 2)
            out.append((dimension, code, None, None, v))
    return out


def _split_counts(
    spec: MetricSpec,
    num: np.ndarray,
    den: np.ndarray,
    shares: np.ndarray,
    effects: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Denominators and numerators per group (groups x periods) that sum to the unit's."""
    den_i = den.astype(np.int64)
    num_i = num.astype(np.int64)
    ds = rng.multinomial(den_i, shares).T.astype(float)  # (groups, periods)
    overall = num / np.maximum(den, 1)
    if spec.kind == "prop":
        rate = _expit(_logit(overall)[None, :] + effects)
    else:
        rate = overall[None, :] * np.exp(effects)
    weight = ds * rate
    total = weight.sum(0)
    pvals = np.where(total > 0, weight / np.where(total > 0, total, 1), shares[:, None])
    ns = rng.multinomial(num_i, pvals.T).T.astype(float)
    if spec.kind == "prop":
        # A group cannot have more successes than people: pass any excess on.
        for _ in range(len(shares)):
            excess = np.maximum(ns - ds, 0)
            if not excess.any():
                break
            ns -= excess
            room = ds - ns
            spare = excess.sum(0)
            share_room = room / np.where(room.sum(0) > 0, room.sum(0), 1)
            extra = np.floor(share_room * spare)
            extra[np.argmax(room, axis=0), np.arange(ns.shape[1])] += spare - extra.sum(0)
            ns += extra
    return ds, ns


def rare_events(spec: MetricSpec, start: dt.date, end: dt.date, rng: np.random.Generator):
    """(date, days since the previous event) for a rare-event series; gaps lengthen later."""
    events = []
    when = start
    span = (end - start).days
    while True:
        progress = (when - start).days / span
        mean = spec.base * (1 + 0.8 * max(0.0, progress - 0.55) / 0.45)
        gap = max(1, round(rng.exponential(mean)))
        when = when + dt.timedelta(days=gap)
        if when > end:
            break
        events.append((when, float(gap)))
    return events


# ----------------------------------------------------------------- writing


def _insert_observations(rows: list[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(Observation._meta.db_table)
    sql = (
        f"INSERT INTO {table} (series_id, period, value, numerator, denominator) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for lo in range(0, len(rows), 20_000):
            batch = [(s, adapt(p), v, n, d) for s, p, v, n, d in rows[lo : lo + 20_000]]
            cursor.executemany(sql, batch)


def _f(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def reset_measurement(ctx: DemoContext) -> None:
    with connection.cursor() as cursor:
        for model in (
            Observation,
            Series,
            RebasePoint,
            MetricTrajectory,
            Import,
            Metric,
            DatasetField,
            Dataset,
        ):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _catalogue(ctx: DemoContext, rng: np.random.Generator) -> dict[str, Dataset]:
    owners = [m for m in ctx.staff if m.staff_group == StaffGroup.ADMIN_CLERICAL] or list(ctx.staff)
    analyst = next((m for m in ctx.staff if m.staff_number == "90000005"), None)
    now = timezone.now()
    datasets = []
    for i, (slug, name, source, cadence, sensitivity, description, _fields) in enumerate(DATASETS):
        picked = owners[int(rng.integers(len(owners)))] if owners else None
        owner = analyst if i % 3 == 0 and analyst else picked
        lag = {"daily": 1, "weekly": 5, "monthly": 20, "quarterly": 60}.get(cadence, 10)
        datasets.append(
            Dataset(
                slug=slug,
                name=name,
                description=description,
                owner=owner,
                source_system=source,
                refresh_cadence=cadence,
                sensitivity=sensitivity,
                last_refreshed=now - dt.timedelta(days=int(rng.integers(0, lag + 1)), hours=3),
            )
        )
    made = {d.slug: d for d in Dataset.objects.bulk_create(datasets)}
    DatasetField.objects.bulk_create(
        DatasetField(dataset=made[slug], name=n, data_type=t, definition=d, order=k)
        for slug, *_rest, fields in DATASETS
        for k, (n, t, d) in enumerate(fields)
    )
    return made


def build_measurement(ctx: DemoContext) -> None:
    rng = np.random.default_rng(ctx.rng("measurement").getrandbits(64))
    datasets = _catalogue(ctx, rng)
    domains = {d.slug: d for d in QualityDomain.objects.all()}
    aims = {a.number: a for a in StrategicAim.objects.all()}
    owners = [m for m in ctx.staff if m.band in ("Band 7", "Band 8a", "Band 8b")] or ctx.staff
    metrics = Metric.objects.bulk_create(
        Metric(
            code=s.code,
            name=s.name,
            definition=s.definition,
            dataset=datasets[s.dataset],
            unit=s.unit,
            chart_type=s.chart,
            improvement_direction=s.direction,
            target=s.target,
            frequency=s.freq,
            multiplier=s.multiplier,
            domain=domains.get(s.domain),
            aim=aims.get(s.aim),
            owner=owners[int(rng.integers(len(owners)))] if owners else None,
            strata=list(STRATA) if s.strata else [],
            is_key=s.key,
        )
        for s in METRICS
    )
    by_code = {m.code: m for m in metrics}
    _definition_extras(by_code, ctx)

    all_wards = sorted(ctx.wards.values(), key=lambda w: w.code)
    if ctx.scale == "full":
        wards = [w for w in all_wards if w.beds]
    else:
        wards = [w for w in all_wards if w.in_programme]
    sites = sorted(ctx.sites.values(), key=lambda s: s.code)
    site_by_pk = {site.pk: site for site in sites}
    site_members = [
        np.array([i for i, w in enumerate(wards) if w.site_id == site.pk]) for site in sites
    ]
    beds = np.array([w.beds or 12 for w in wards], float)
    every = np.arange(len(wards))

    series_rows: list[tuple[Series, list[tuple[Any, ...]]]] = []

    def add(metric, level, values, ps, site=None, ward=None, dim="", code=""):
        s = Series(
            metric=metric, level=level, site=site, ward=ward,
            stratum_dimension=dim, stratum_value=code,
        )  # fmt: skip
        num, den, val = values
        rows = []
        for t, p in enumerate(ps):
            if den is not None and not den[t] > 0:
                continue
            rows.append(
                (
                    p,
                    _f(val[t]),
                    None if num is None else float(num[t]),
                    None if den is None else float(den[t]),
                )
            )
        series_rows.append((s, rows))

    for spec in METRICS:
        metric = by_code[spec.code]
        if spec.kind == "gaps":
            end = last_complete_periods()["day"] - dt.timedelta(days=1)
            start = end - dt.timedelta(days=365 * YEARS)
            events = rare_events(spec, start, end, rng)
            ps = [e[0] for e in events]
            add(metric, "trust", (None, None, np.array([e[1] for e in events])), ps)
            continue
        ps = periods(spec.freq)
        gen = generate(spec, wards, ps, rng)
        if spec.scope == "ward":
            for i, w in enumerate(wards):
                add(
                    metric, "ward",
                    (
                        None if gen.num is None else gen.num[i],
                        None if gen.den is None else gen.den[i],
                        gen.value[i],
                    ),
                    ps, site=site_by_pk[w.site_id], ward=w,
                )  # fmt: skip
        site_values = aggregate(spec, gen, site_members, beds)
        trust_values = aggregate(spec, gen, [every], beds)[0]
        for site, values in zip(sites, site_values, strict=True):
            add(metric, "site", values, ps, site=site)
        add(metric, "trust", trust_values, ps)
        if spec.strata:
            units = [(None, trust_values), *list(zip(sites, site_values, strict=True))]
            for site, (num, den, val) in units:
                for dim, code, n, d, v in strata_rows(spec, num, den, val, rng):
                    level = "site" if site else "trust"
                    add(metric, level, (n, d, v), ps, site=site, dim=dim, code=code)

    made = Series.objects.bulk_create([s for s, _ in series_rows], batch_size=2000)
    obs = [
        (s.pk, p, v, n, d)
        for s, (_, rows) in zip(made, series_rows, strict=True)
        for p, v, n, d in rows
    ]
    _insert_observations(obs)
    report = spc_cache.recompute_all()
    ctx.extra["measurement_improvements"] = demo_improvements()
    ctx.log(
        f"  {len(datasets)} data sets, {len(metrics)} metrics, {len(made):,} series, "
        f"{len(obs):,} observations (SPC {report.seconds:.1f} s)"
    )


def _definition_extras(by_code: dict[str, Metric], ctx: DemoContext) -> None:
    """A rebase with its reason, a trajectory and record-level definitions, for realism.

    Rebases wait for the metric owner's approval: the chief nurse owns the
    pressure ulcer rate and agreed the analyst's rebase; the fluid balance
    proposal is still waiting for its owner, the ward sister.
    """
    ps = periods("month")
    analyst = ctx.users.get("analyst")
    executive = ctx.users.get("executive")
    sister = ctx.users.get("lead")
    ulcers, fluids = by_code["pressure-ulcers"], by_code["fluid-balance"]
    for metric, user in ((ulcers, executive), (fluids, sister)):
        staff = getattr(user, "staff_member", None) if user is not None else None
        if staff is not None:
            metric.owner = staff
    Metric.objects.bulk_update([ulcers, fluids], ["owner"])
    proposed = timezone.now() - dt.timedelta(days=40)
    points = RebasePoint.objects.bulk_create(
        [
            RebasePoint(
                metric=ulcers,
                period=ps[12],
                reason="Category 2 ulcers counted from this month, after the national "
                "definition changed (NHS England, 2018 recommendations).",
                created_by=analyst,
                status=RebasePoint.Status.APPROVED,
                decided_by=executive,
                decided_at=proposed + dt.timedelta(days=3),
                decision_reason="Agreed: every ward counts category 2 ulcers from that month.",
            ),
            RebasePoint(
                metric=fluids,
                period=ps[-6],
                reason="The electronic fluid balance chart went live on every ward this month, "
                "totalling at 24 hours by itself.",
                created_by=analyst,
                status=RebasePoint.Status.PROPOSED,
            ),
        ]
    )
    RebasePoint.objects.filter(pk__in=[p.pk for p in points]).update(created_at=proposed)
    MetricTrajectory.objects.bulk_create(
        [
            MetricTrajectory(metric=by_code["sickness"], period=ps[0], target=4.5),
            MetricTrajectory(metric=by_code["sickness"], period=ps[12], target=4.2),
            MetricTrajectory(metric=by_code["sickness"], period=ps[24], target=4.0),
        ]
    )
    # Falls per 1,000 bed days needs bed days from another system, so it is
    # imported aggregated; C. difficile cases come straight from the lab extract.
    cdiff = by_code["cdiff"]
    cdiff.record_date_column = "specimen_date"
    cdiff.record_org_unit_column = "ward_code"
    cdiff.record_filter = "organism = 'C. difficile' AND onset = 'HOHA'"
    cdiff.record_numerator = "1"
    spells = by_code["discharge-before-noon"]
    spells.record_date_column = "discharge_date"
    spells.record_org_unit_column = "ward_code"
    spells.record_numerator = "CASE WHEN before_noon THEN 1 ELSE 0 END"
    spells.record_denominator = "1"
    spells.record_strata = {
        "imd_quintile": "imd_quintile",
        "ethnic_group": "ethnic_category",
        "age_band": "age_band",
        "sex": "sex",
    }
    Metric.objects.bulk_update(
        [cdiff, spells],
        [
            "record_date_column",
            "record_org_unit_column",
            "record_filter",
            "record_numerator",
            "record_denominator",
            "record_strata",
        ],
    )


STEP = DemoStep("measurement", build_measurement, reset_measurement)
