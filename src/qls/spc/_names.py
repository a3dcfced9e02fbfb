"""Chart, rule-set and rule names, importable without NumPy (the command line's --help).

The rule labels live here, beside the rule columns, so every page, table and
sentence that names an SPC rule uses the same words: before they moved here
QLS worded the four rules four ways. Each label fits after "Signal:" or in a
list of what a point shows:

>>> from qls.spc import RULE_LABELS
>>> [RULE_LABELS[c] for c in ("rule_shift", "rule_astronomical")]
['a run of 7 or more points on one side of the mean', 'a point outside the process limits']
"""

from __future__ import annotations

CHARTS = ("xmr", "run", "p", "pp", "u", "up", "c", "g", "t")
RULE_SETS = ("mdc", "anhoej")

# The columns an options table may carry, one row per series.
OPTION_COLUMNS = (
    "series_id",
    "improvement_direction",
    "target",
    "rebase",
    "fix_after_n_points",
    "screen_outliers",
)

SHIFT_LENGTH = 7  # points all on one side of the centre line
TREND_LENGTH = 7  # points each strictly above (below) the previous one

# The rule flag columns of a point, in the precedence the engine applies
# when a row's direction is set (see rules.combine).
RULE_COLUMNS = ("rule_astronomical", "rule_trend", "rule_two_of_three", "rule_shift")

RULE_LABELS: dict[str, str] = {
    "rule_astronomical": "a point outside the process limits",
    "rule_trend": f"a run of {TREND_LENGTH} points all rising or all falling",
    "rule_two_of_three": "two of three points close to a limit",
    "rule_shift": f"a run of {SHIFT_LENGTH} or more points on one side of the mean",
}
