"""The ward programme demo's words: issues staff raise, survey themes and the audit template."""

from __future__ import annotations

# (text, the category staff usually give it, what the division or trust did when it was
# escalated). Each issue carries its own answer, so "we said, we did" pairs a request
# with the response to that request and never with another ward's.
ISSUES: list[tuple[str, str, str]] = [
    ("The drug room keypad code is shared by word of mouth and often wrong", "fix",
     "Estates fitted swipe-card access to every drug room; the keypads were removed."),
    ("We run out of blood bottles on nights and borrow from the next ward", "fix",
     "Stores now top up blood bottles on every ward at 8pm as well as in the morning."),
    ("The handover sheet has no space for pressure area risk", "fix",
     "The trust handover template gained a pressure area risk line for every patient."),
    ("Nobody knows where the spare oxygen cylinders are kept", "fix",
     "Every ward now has a signed oxygen store and cylinders are checked daily."),
    ("The ward phone rings unanswered during the drug round", "improve",
     "Ward clerks' hours were extended so the phone is answered during drug rounds."),
    ("Linen trolley is restocked after the morning washes instead of before", "fix",
     "The linen contract now delivers to the wards before 7am."),
    ("The whiteboard shows patients who have already gone home", "fix",
     "Electronic patient boards linked to the bed system replaced the whiteboards."),
    ("Bank staff have no log-in for the observations system on their first shift", "change",
     "Bank staff now receive log-ins before their first shift."),
    ("Discharge letters wait for a doctor until the afternoon", "improve",
     "Discharge letters are now started at the morning board round and signed by noon."),
    ("Pharmacy to-take-out medicines arrive after transport has left", "improve",
     "Pharmacy moved the ward's to-take-out deadline to 11am with a daily call."),
    ("Falls happen most between 2am and 6am when one nurse is on break", "improve",
     "Night breaks were staggered and a falls support worker covers 2am to 6am."),
    ("We cannot get a hoist sling in the right size quickly", "fix",
     "Each ward now holds a full set of hoist sling sizes, restocked by the equipment library."),
    ("The staff room fridge is broken and staff cannot store lunch", "fix",
     "The division replaced the staff room fridges on all its wards."),
    ("There is no quiet room to speak to relatives", "change",
     "A relatives' room was created from the former store room."),
    ("Agency staff are not shown where the resus trolley is", "fix",
     "Agency staff sign a local induction checklist, resus trolley included, each shift."),
    ("Ward rounds start at different times each day so nurses miss them", "improve",
     "Consultants agreed a fixed 9:30am ward round start on every medical ward."),
    ("Porters for scans are booked by phone and often forgotten", "improve",
     "Porters for scans are now booked electronically and tracked on the porters' system."),
    ("We need another registered nurse on nights for the number of patients", "change",
     "Added to the nursing establishment review; an extra night post was approved."),
    ("The bladder scanner is shared with two wards and is never charged", "fix",
     "The division bought a bladder scanner for each ward, with a charging dock."),
    ("Patients wait for pain relief because the controlled drug check needs two nurses",
     "improve",
     "Nursing associates were trained as second checkers for controlled drugs."),
    ("Equipment for isolation rooms is stored in the corridor", "fix",
     "Estates fitted storage cupboards outside the isolation rooms."),
    ("Call bells are out of reach after patients are moved", "fix",
     "Call bell checks were added to the bed move checklist."),
    ("The ward has no dementia-friendly signage", "change",
     "Estates fitted dementia-friendly signs on every adult inpatient ward."),
    ("Electronic prescribing logs us out every few minutes", "change",
     "IT changed the time-out for ward computers to 15 minutes."),
    ("Mouth care is missed at weekends", "improve",
     "Mouth care was added to the weekend care rounds, with oral care packs on every ward."),
    ("New starters get no ward induction pack", "fix",
     "A ward induction pack is now given to every new starter on their first day."),
    ("Weekend discharges are rare because there is no senior review", "change",
     "A weekend discharge team now covers all medical wards."),
    ("Fluid balance charts are incomplete after transfers", "improve",
     "Fluid balance moved into the electronic record, so charts follow patients on transfer."),
    ("The sluice is cluttered with broken commodes waiting for collection", "fix",
     "Broken equipment is now collected within two working days of being reported."),
    ("Staff cannot take breaks when the ward is short", "improve",
     "Protected break cover from the staffing bank was funded for short-staffed shifts."),
    ("Nutrition screening is not repeated after a week", "improve",
     "The electronic record now prompts a repeat nutrition screen after seven days."),
    ("Specialist nurse referrals are faxed and lost", "change",
     "Specialist nurse referrals moved into the electronic record; the fax was switched off."),
    ("The medicines fridge temperature is not checked on Sundays", "fix",
     "Medicines fridges now have alarmed remote temperature monitoring."),
    ("Patients are woken at 6am for observations that are not due", "improve",
     "Observation rounds are now timed by each patient's schedule, not a 6am round."),
    ("Parking for night staff is far from the entrance and unlit", "change",
     "Estates lit the car park path and moved night staff parking nearer the entrance."),
    ("Hand gel dispensers at the bay entrances are empty", "fix",
     "Housekeepers now check and refill hand gel dispensers twice a day."),
]  # fmt: skip
# When staff say it happens, added to issues that do not already say so.
WHEN = ["", " on nights", " at weekends", " during handover", " when we are busy", ""]
# An issue that names its own time takes no second one ("...at weekends at weekends").
TIMED_WORDS = {"when", "during", "night", "nights", "weekend", "weekends", "sundays",
               "2am", "6am", "afternoon", "morning", "shift", "handover"}  # fmt: skip


def issue_text(base: str, when: str) -> str:
    """The issue as staff would write it, with when it happens unless it already says."""
    words = {w.strip(".,").lower() for w in base.split()}
    return base if words & TIMED_WORDS else base + when


def response_for(text: str) -> str:
    """What was done about this issue, for its escalation's "we did"."""
    for base, _category, response in ISSUES:
        if text.startswith(base):
            return response
    raise ValueError(f"not a demo issue: {text!r}")


SURVEY_THEMES = [
    "We are compassionate and inclusive",
    "We are recognised and rewarded",
    "We each have a voice that counts",
    "We are safe and healthy",
    "We are always learning",
    "We work flexibly",
    "We are a team",
    "Staff engagement",
    "Morale",
]

AUDIT_SECTIONS: list[tuple[str, list[tuple[str, str, int]]]] = [
    (
        "Safe care",
        [
            ("The resuscitation trolley was checked every day last week", "yes_no", 2),
            ("Falls risk assessments are complete for patients aged 65 or over", "percent", 2),
            ("Pressure area care is recorded at the intervals planned", "percent", 2),
            ("Controlled drugs are checked and recorded correctly", "yes_no", 2),
        ],
    ),
    (
        "Effective care",
        [
            ("Observations are completed on time and escalated when needed", "percent", 2),
            ("Nutrition and hydration needs are assessed and met", "scale_0_4", 1),
            ("Discharge planning starts on admission", "scale_0_4", 1),
        ],
    ),
    (
        "Patient experience",
        [
            ("Patients say staff introduce themselves", "percent", 1),
            ("Call bells are within reach", "yes_no", 1),
            ("Patients and families know how to raise a concern", "scale_0_4", 1),
        ],
    ),
    (
        "Environment and infection prevention",
        [
            ("Hand hygiene audit result this month", "percent", 2),
            ("Equipment is clean and labelled as clean", "scale_0_4", 1),
            ("Sluice and store rooms are tidy and free of clutter", "yes_no", 1),
        ],
    ),
    (
        "Well-led ward",
        [
            ("The ward holds a daily safety huddle", "yes_no", 1),
            ("Staff know the ward's improvement priorities", "scale_0_4", 1),
            ("Mandatory training compliance", "percent", 1),
            ("The ward's quality board is up to date", "yes_no", 1),
        ],
    ),
]

AUDITOR_BANDS = {"Band 6", "Band 7", "Band 8a", "Band 8b"}
LEVELS = [("Bronze", 70.0, 1), ("Silver", 80.0, 2), ("Gold", 90.0, 3)]
