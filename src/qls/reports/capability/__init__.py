"""The improvement and capability section of an edition, counted at its cut-off.

``section_at(period, cutoff)`` answers the board's other questions — how many
staff are trained, how many projects there are, which of them improved care,
how the ward programme and accreditation stand — as they stood at the end of
the cut-off day, not today. The answer is plain data (numbers, names, ids and
links, dates as ISO strings) so the edition stores it in ``Edition.capability``
and a frozen edition is shown without a live query.

Each part, a module of this package, reads the owning app's own functions:

- training: ``capability.training.reports.trained_per_period`` (completions up to the
  cut-off) and ``capability.training.targets`` (the trajectory), the figures behind
  the training report's XmR and trajectory charts;
- projects: registered (created) by the cut-off; the stage is the one the
  project's approved stage changes had reached by then;
- evidence of improvement: ``projects.measure_analysis.evaluate`` on each measure's
  data and adopted changes up to the cut-off, compared with the month before;
  the IHI progress score confirmed by the cut-off, else QLS's suggestion;
- ward programme: each ward's stage from the dates it started them;
- accreditation: ``wards.accreditation.level_for`` on audits dated by then.
"""
