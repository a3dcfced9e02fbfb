"""Words of the demo forum: questions staff ask about QI, and the answers they get.

Each topic has a question (with a place for a ward or service), a body, and
replies; the first reply is the one the asker marks as the answer, when the
thread is answered. Synthetic throughout: no person or patient in them.
"""

from __future__ import annotations

# (category slug, title, body, replies)
TOPICS: list[tuple[str, str, str, list[str]]] = [
    (
        "qi-tools",
        "How many PDSA cycles before we adopt a change on {place}?",
        (
            "We have run two small cycles of a new handover sheet on {place}. The results look good but "
            "it was only three shifts each time. How do others decide when to adopt?"
        ),
        [
            (
                "Scale up before you adopt: test on more shifts, then with other staff groups and at night. "
                "Adopt once the prediction keeps holding as the conditions change."
            ),
            (
                "We ran five cycles on our ward before adopting. The fourth one, at weekends, found a problem "
                "we would have missed."
            ),
            "Write the prediction down before each cycle, then compare. If you keep being right, adopt.",
        ],
    ),
    (
        "qi-tools",
        "Our PDSA 'study' step is always thin on {place}: any tips?",
        (
            "We plan and do well, but when we get to study we just write 'went well'. "
            "What should the study step actually contain?"
        ),
        [
            (
                "Compare what happened with your prediction, using the data you planned to collect. "
                "A run chart of the measure, and two or three quotes from staff, is usually enough."
            ),
            "Book 15 minutes with the team straight after the test. Memory fades in a day.",
        ],
    ),
    (
        "qi-tools",
        "Process mapping the discharge pathway for {place}",
        (
            "We want to map discharge from decision to leave to the patient leaving the building. "
            "Should we use a high-level map or a swimlane?"
        ),
        [
            (
                "Start high level (five to seven steps) with everyone in the room, then swimlane the part "
                "where the delays are. Sticky notes on brown paper work better than software at first."
            ),
            "Walk the process too. Our map on paper and what actually happened were quite different.",
            "Mark each step as adds value, necessary or waste: it focuses the discussion.",
        ],
    ),
    (
        "qi-tools",
        "Driver diagram: are these primary or secondary drivers?",
        (
            "Our aim is to reduce missed doses on {place}. We have 'staff knowledge', 'drug availability' "
            "and 'interruptions during rounds'. Which are primary?"
        ),
        [
            (
                "Primary drivers are the few big things that must change to reach the aim. Availability and "
                "interruptions sound primary; knowledge is probably secondary under one of them."
            ),
            "Test it by asking 'if we fixed this, would the aim move?' for each one.",
        ],
    ),
    (
        "qi-tools",
        "Stakeholder analysis for a change on {place}",
        "Who should we include when mapping stakeholders for a change to the ward round?",
        [
            (
                "Everyone affected or who could block it: consultants, junior doctors, nurses, pharmacy, "
                "therapists and patient representatives. Plot them on influence against interest."
            ),
            "Talk to the people in the 'high influence, low interest' corner early.",
        ],
    ),
    (
        "qi-tools",
        "Using the model for improvement on a small team at {place}",
        "We are a team of four. Is the model for improvement too heavy for us?",
        [
            (
                "No: the three questions take ten minutes and keep everyone aligned. Keep the PDSA cycles "
                "small and fast."
            ),
            "Small teams are ideal. Our team of three ran eight cycles in six weeks.",
        ],
    ),
    (
        "measurement-spc",
        "Run chart or SPC chart for {measure} on {place}?",
        (
            "We have 14 weeks of {measure}. Is that enough for an SPC chart or should we start with a "
            "run chart?"
        ),
        [
            (
                "Start with a run chart: it needs no limits and the run rules work from about 10 points. "
                "Move to an SPC chart at around 20 points."
            ),
            (
                "QLS draws the chart for you once the data is in; the limits appear when there are enough "
                "points."
            ),
        ],
    ),
    (
        "measurement-spc",
        "When should we recalculate the control limits for {measure}?",
        (
            "We made a change on {place} and the last nine points of {measure} are all below the "
            "mean. Do we recalculate now?"
        ),
        [
            (
                "Nine points on one side is a shift: special cause. Recalculate from the start of the shift "
                "once you know why it happened and it has been sustained."
            ),
            "Record the reason with the rebase, so anyone reading the chart later understands it.",
        ],
    ),
    (
        "measurement-spc",
        "Why is one point outside the limits not a reason to act on {place}?",
        (
            "Our manager wants an action plan every time {measure} goes up. The SPC chart says it is "
            "common cause. How do I explain?"
        ),
        [
            (
                "Common cause variation is the noise of the system as it is: reacting to each point makes "
                "things worse (tampering). Improve the system instead."
            ),
            "Show the 'Making Data Count' icons: grey means common cause, no action on the single point.",
        ],
    ),
    (
        "measurement-spc",
        "Which chart for {measure} as a rate per 1,000 bed days?",
        "We count events and divide by occupied bed days. Which SPC chart fits?",
        [
            (
                "A u-chart, because the denominator changes each month. An XmR chart is often fine too if "
                "bed days are fairly stable."
            ),
            "QLS picks the chart from the metric definition; check the unit and the denominator.",
        ],
    ),
    (
        "measurement-spc",
        "Balancing measure for a change to {measure} on {place}",
        "We are reducing {measure}. What balancing measure should we watch?",
        [
            (
                "Think about what could get worse: staff time, length of stay, or patient experience. "
                "Pick one you can collect easily."
            ),
            "We tracked nurse overtime as ours; it stayed flat, which helped the case to spread.",
        ],
    ),
    (
        "measurement-spc",
        "Operational definition of {measure}",
        "Two wards count {measure} differently. How do we agree a definition?",
        [
            (
                "Write it down: what counts, what does not, where the data comes from and who collects it. "
                "Test it by having two people count the same week independently."
            ),
            "The measurement plan template in the resource library has the headings.",
        ],
    ),
    (
        "measurement-spc",
        "How do I spot a trend on the {measure} chart?",
        "Six points going down on {place}: is that a trend by the rules?",
        [
            (
                "Six consecutive points all increasing or all decreasing is a trend in the NHS rules. "
                "Equal points neither add to nor break the run."
            ),
            "Check the chart in QLS: the icon turns blue or orange when a rule fires.",
        ],
    ),
    (
        "measurement-spc",
        "Baseline period for {measure}",
        "How long a baseline do we need before starting tests on {place}?",
        [
            (
                "Ideally 20 points before the first change, but do not wait months: start testing and "
                "annotate the chart."
            ),
            "If historical data exists, use it: we had two years of monthly data already in QLS.",
        ],
    ),
]

PLACES = [
    "the stroke unit", "the acute medical unit", "the surgical assessment unit", "ward 7",
    "the children's ward", "the frailty unit", "the emergency department", "outpatients",
    "the day surgery unit", "the respiratory ward", "the maternity unit", "critical care",
    "the orthopaedic ward", "the discharge lounge", "the cardiology ward",
]  # fmt: skip

MEASURES = [
    "falls per 1,000 bed days", "pressure ulcers", "missed doses", "time to antibiotics",
    "discharges before noon", "length of stay", "NEWS2 escalations on time",
    "hand hygiene compliance", "patient experience scores", "sickness absence",
]  # fmt: skip

AIM_QUESTIONS = [
    ("How does our project on {place} fit the aim '{aim}'?",
     ("We are registering a project and need to link it to a strategic aim. Is '{aim}' the right "
     "one for a project about {measure}?"),
     ["Yes if the measure you are moving is one the aim tracks. You can link more than one aim.",
      "Ask your coach: they see the whole portfolio under each aim."]),
    ("Who else is working towards '{aim}'?",
     "Is there a way to see other projects under '{aim}', to learn from them?",
     ["The project search filters by aim; the 'what worked' page shows those with evidence.",
      "Come to a QI clinic and ask: we can connect you with teams under the same aim."]),
]  # fmt: skip

SITE_QUESTIONS = [
    ("QI clinic times at {site}",
     "Are the QI clinics at {site} running this month, and do I need to book?",
     ["Yes, every other Tuesday afternoon. Book a slot in QLS under Learning, clinics.",
      "Drop-ins are welcome at the end of the session if slots are full."]),
    ("Anyone at {site} testing changes to {measure}?",
     "We are starting on {measure} at {site}. Anyone else here working on it?",
     ["We are, on the respiratory ward. Happy to share our driver diagram.",
      "Search the projects page for the measure and filter by site."]),
]  # fmt: skip

CATEGORIES = [
    ("qi-tools", "QI tools", "PDSA, process mapping, driver diagrams and other QSIR tools."),
    ("measurement-spc", "Measurement and SPC",
     "Measures, run charts, SPC charts and Making Data Count."),
]  # fmt: skip
