"""Signals the project registry sends to the apps above it.

``naming_coach`` is sent inside the transaction that names someone a
project's coach, before the team row is written. The coaching app receives
it to apply the coach pool's rules (an active coach with capacity left); a
receiver refuses by raising :class:`qls.projects.errors.CoachError`, which
rolls the whole change back. Sent with ``project`` and ``staff``.
"""

from __future__ import annotations

from django.dispatch import Signal

naming_coach = Signal()
