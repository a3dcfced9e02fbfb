"""The judging rubric and its scale."""

from __future__ import annotations

SCORE_MIN, SCORE_MAX = 1, 5
# The judging rubric: (field, heading, what the judge looks for). Each is scored 1 to 5.
RUBRIC = [
    ("problem", "Problem and aim", "A clear problem and a specific, measurable, timed aim."),
    ("method", "Use of QI method", "Change ideas tested in PDSA cycles, learning from each."),
    ("measurement", "Measurement", "Measures shown over time on SPC charts, read correctly."),
    ("impact", "Impact", "Evidence of improvement for patients, staff or the system."),
    ("spread", "Sustainability and spread", "Plans to hold the gain and share the learning."),
]
RUBRIC_FIELDS = [name for name, _, _ in RUBRIC]
