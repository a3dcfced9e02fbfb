"""The six chapters of the demo's "Improvement at our trust", each with its quiz.

Written as the improvement team would: plain paragraphs, the trust's common
language (QSIR, the model for improvement, Making Data Count), and a quiz
in the typed form the chapter editor reads (see ``quiz``).
"""

from __future__ import annotations

# (title, summary, text, quiz)
CHAPTERS: list[tuple[str, str, str, str]] = [
    (
        "What quality improvement is",
        "Why the trust improves care in one shared way, and what that way is.",
        """Quality improvement (QI) is a systematic way of making care safer, more effective \
and a better experience, led by the people who do the work. It is not a project bolted on to \
the day job: it is how we learn, every week, whether the changes we make are improvements.

Our three hospitals used to improve in three different ways. We now share one method, the \
NHS's Quality, Service Improvement and Redesign (QSIR) approach, and one language, so that a \
ward in one hospital can learn from a ward in another.

Every QI project starts from a problem that matters to patients and staff, is linked to at \
least one of the trust's strategic aims, and says what it will achieve, by how much and by when.

Improvement is a team sport. Involve the people who will feel the change, patients and \
carers included, from the start: the ladder of engagement runs from informing people to \
handing decisions over to them.""",
        """What is quality improvement?
- A one-off audit of a service against a standard
* A systematic way for the people doing the work to test and measure changes to care
- A new IT system

Which method does the trust use for improvement?
- Lean Six Sigma black belts only
* QSIR: Quality, Service Improvement and Redesign
- Whatever each ward prefers

What must every QI project be linked to?
* At least one of the trust's strategic aims
- A complaint
- A serious incident""",
    ),
    (
        "The model for improvement",
        "Three questions that frame every project.",
        """The model for improvement asks three questions before any change is tested. What \
are we trying to accomplish? How will we know that a change is an improvement? What changes \
can we make that will result in improvement?

The first question gives the project its aim. A good aim is SMART: specific, measurable, \
achievable, relevant and time-bound, for example "reduce falls on ward 7 by 30% by March".

The second question is about measurement, which the later chapters cover: outcome measures \
for the aim, process measures for the changes, and balancing measures for what might get worse.

The third question is answered with a driver diagram: from the aim, the primary drivers \
that most affect it, the secondary drivers beneath them, and the change ideas to test.""",
        """Which is one of the three questions of the model for improvement?
- Who is to blame for the problem?
* How will we know that a change is an improvement?
- How much will the project cost?

Which tool links an aim to the change ideas to test?
- A Gantt chart
* A driver diagram
- A risk register

What does the T in a SMART aim stand for?
- Targeted
- Tested
* Time-bound""",
    ),
    (
        "Testing changes with PDSA cycles",
        "Plan, do, study, act: small tests, quickly, with a prediction.",
        """A PDSA cycle tests one change idea on a small scale. Plan: what will we try, who, \
where and when, and what do we predict will happen? Do: carry out the test and note what \
happens, including the unexpected. Study: compare what happened with the prediction. Act: \
adopt the change, adapt it, or abandon it.

Start small: one nurse, one shift, one patient. A small test fails cheaply and teaches fast, \
and a change that works for one person is then tested with more people and in more conditions.

The prediction matters. Without one, every result looks like success; with one, the team \
learns what it did not understand about its system.

Record each cycle in QLS under its change idea, so that other wards can see what was tried, \
what was learnt and what was decided.""",
        """What does the S in PDSA stand for?
- Start
* Study
- Sustain

Why make a prediction when planning a cycle?
* To learn what the team did not understand, by comparing the result with it
- Because the form will not save without one
- To set the project's budget

Which decisions end a PDSA cycle?
* Adopt
* Adapt
* Abandon
- Appeal""",
    ),
    (
        "Measurement for improvement",
        "Outcome, process and balancing measures, plotted over time.",
        """Measurement for improvement is different from measurement for judgement or for \
research. It needs just enough data, collected often, to tell whether a change is working.

Each project has three kinds of measure. Outcome measures show whether the aim is being met, \
such as falls per 1,000 bed days. Process measures show whether the changes are happening, \
such as the share of patients with a falls risk assessment within six hours. Balancing \
measures watch for harm elsewhere, such as staff time or length of stay.

Plot data over time, not as two numbers before and after. A single comparison hides the \
variation that every process has; a line over time shows it.

Define each measure clearly: what is counted, from where, how often, and who collects it. \
A definition the whole team agrees on avoids arguments about the data later.""",
        """Which kind of measure checks that a change does not cause a problem elsewhere?
- Outcome measure
- Process measure
* Balancing measure

Why plot improvement data over time?
* To see the variation in the process, which a before-and-after comparison hides
- Because tables are not allowed in board reports
- To make the numbers look larger

Which of these are process measures for a falls project?
* The share of patients with a falls risk assessment within six hours
* The share of patients with a call bell within reach at the bedside round
- Falls per 1,000 bed days""",
    ),
    (
        "Understanding variation with SPC",
        "Common cause and special cause variation, the Making Data Count way.",
        """Every process varies. Statistical process control (SPC) charts show the mean and \
the process limits of a measure over time, so that we can tell the normal, common cause \
variation of a stable process from special cause variation that signals a real change.

Special cause is signalled by a point outside the process limits, a run of points on one \
side of the mean, a run of points going up or down, or two of three points close to a limit.

The trust reports the Making Data Count way: SPC charts and their icons replace red, amber \
and green ratings. An orange icon shows special cause of concern, a blue icon shows special \
cause of improvement, and grey shows common cause variation.

Reacting to common cause variation as if it were special wastes effort and can make things \
worse. To improve a stable process, change the process itself, then watch the chart for the \
signal.""",
        """What does a point outside the process limits signal?
- Common cause variation
* Special cause variation
- A mistake in the data

What do SPC charts replace in the trust's reports?
* Red, amber and green ratings
- Run charts
- Patient stories

What is the right response to common cause variation in a stable process that is not good \
enough?
- Investigate each low point as an incident
* Change the process itself, then watch the chart for a signal
- Move the process limits""",
    ),
    (
        "Spreading and sustaining improvement",
        "Making changes last, and sharing them across the trust.",
        """A change that works on one ward is only the start. Sustaining it means building it \
into how the work is done: standard work, the ward's routines, induction, and the measures \
the ward keeps watching after the project closes.

Spreading a change to other wards and sites is a project of its own. What worked in one \
place needs adapting to another, so each new ward tests the change with its own PDSA cycles \
rather than copying it whole.

Share what you learnt, including what did not work. The community forum, the resource \
library and the annual celebration of improvement are where the trust's teams learn from \
each other.

When a project closes, its evaluation records what changed, what the measures showed and \
what the team would do differently, so that the next team starts further ahead.""",
        """How should another ward take up a change that worked elsewhere?
- Copy it exactly, without testing
* Test it with its own PDSA cycles and adapt it to the ward
- Wait for a policy to require it

Which of these help a change to last?
* Building it into standard work and induction
* Continuing to watch its measures after the project closes
- Stopping measurement as soon as the aim is met

Where do the trust's teams share what they learnt?
* The forum, the resource library and the celebration of improvement
- Only in their own ward meetings
- Nowhere: results are confidential""",
    ),
]
