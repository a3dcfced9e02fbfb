"""Reading projects: what a page shows about a measure, and personal lists.

Writes live in ``qls.projects.actions``; this package only reads and
computes. The analysis is ``measure_analysis``; the chart drawn from it is
``charts``.
"""
