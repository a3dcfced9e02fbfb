"""The coaching demo's words: coach levels, competencies, clinic topics, sets and teams."""

from __future__ import annotations

import datetime as dt

LEVELS = [
    ("Foundation", "Knows the common improvement method and uses its tools with support."),
    ("Practitioner", "Leads a QI project through PDSA cycles and measures it with SPC."),
    ("Coach", "Coaches project teams, runs clinics and approves stage changes."),
    ("Faculty", "Teaches QSIR, mentors coaches and signs off competencies."),
]

COMPETENCIES = [
    ("F1", 0, "Describe the model for improvement", "Aim, measures and changes; PDSA as the engine."),
    ("F2", 0, "Map a process", "Walk and map a real process with the people who work in it."),
    ("F3", 0, "Read an SPC chart", "Tell common from special cause; avoid reacting to noise."),
    ("F4", 0, "Use the shared improvement language", "Fix, improve, change; the QLS glossary."),
    ("P1", 1, "Write a SMART aim and driver diagram", "Link change ideas to drivers and to the aim."),
    ("P2", 1, "Run a ramp of PDSA cycles", "Predict, test small, study against the prediction, act."),
    ("P3", 1, "Build a family of measures", "Outcome, process and balancing measures, defined."),
    ("P4", 1, "Involve patients and carers", "Move a project up the ladder of engagement."),
    ("C1", 2, "Coach a project team", "Ask rather than tell; keep the team on its own aim."),
    ("C2", 2, "Run a QI clinic", "Help people unstick a project in thirty minutes."),
    ("C3", 2, "Approve a stage change", "Judge the evidence for moving past scoping and testing."),
    ("C4", 2, "Facilitate an action learning set", "Hold a set to its ground rules and questions."),
    ("A1", 3, "Teach a QSIR session", "Deliver a Fundamentals or Practitioner session."),
    ("A2", 3, "Mentor a developing coach", "Plan and review a mentee's route through the levels."),
    ("A3", 3, "Assess competency evidence", "Sign off or return evidence with useful feedback."),
    ("A4", 3, "Lead improvement across the system", "Sponsor work with partner organisations."),
]  # fmt: skip

CLINICS = [
    ("BAS", "Basildon QI clinic", 1, dt.time(12, 30), dt.time(14, 30), "Education centre, room 4"),
    ("BRO", "Broomfield QI clinic", 2, dt.time(13, 0), dt.time(15, 0), "Postgraduate centre library"),
    ("SOU", "Southend QI clinic", 3, dt.time(14, 0), dt.time(16, 0), "Quality hub, Tower block"),
]  # fmt: skip

TOPICS = [
    "Writing a SMART aim",
    "Building a driver diagram",
    "Reading our SPC chart",
    "Choosing a balancing measure",
    "Planning the next PDSA cycle",
    "Getting data from the QLS",
    "Moving from scoping to testing",
    "Involving patients in the project",
    "Spreading a change to another ward",
    "Writing up the project evaluation",
]

OUTCOMES = [
    "Rewrote the aim with a baseline and a date; will share it with the team this week.",
    "Sketched primary and secondary drivers; two change ideas to test first.",
    "Chart shows common-cause variation only: agreed not to react to last week's rise.",
    "Agreed length of stay as a balancing measure and where the data comes from.",
    "Planned a one-bay, one-shift test with a written prediction.",
    "Found the falls dataset in the catalogue and set up the ward filter.",
    "Checked the scoping evidence; ready to request the move to testing.",
    "Plan to invite two patient partners to the next team meeting.",
    "Listed what the second ward must adapt; coach to join their huddle.",
    "Outline of the evaluation agreed; sustainability plan still needed.",
]

SET_NAMES = [
    ("Basildon ward leaders' set", "BAS", "Ward sisters and charge nurses testing changes on their wards."),
    ("Broomfield flow and discharge set", "BRO", "Teams working on flow, discharge and length of stay."),
    ("Southend therapies set", "SOU", "Therapists and AHPs linking QSIR training to their projects."),
    ("Cross-site pathway redesign set", None, "Clinicians from the three sites redesigning shared pathways."),
]  # fmt: skip

SET_NOTES = [
    "Each member brought one stuck point; themes were data access and time to test.",
    "Two members reported adopted changes; the set challenged how they will sustain them.",
    "Discussed engaging consultants; agreed to try a five-minute huddle slot.",
    "Reviewed SPC charts together; one signal of improvement, two still common cause.",
]

TEAMS = [
    (
        "Team 1: frailty at the front door",
        (
            "Older people living with frailty wait too long in the emergency department and are "
            "admitted when same-day care at home would serve them better."
        ),
    ),
    (
        "Team 2: discharge to assess",
        (
            "People medically fit to leave hospital stay days longer while assessments for care "
            "at home are arranged; assess them in their own homes instead."
        ),
    ),
    (
        "Team 3: children's mental health crisis",
        (
            "Children and young people in mental health crisis wait on paediatric wards without "
            "the right support; design a joined-up crisis pathway with partners."
        ),
    ),
]

PARTNER_ROLES = [
    "Commissioning manager",
    "Social worker",
    "Community matron",
    "Voluntary sector lead",
    "Practice manager",
    "Carers' support worker",
    "Public health analyst",
    "Housing officer",
]
