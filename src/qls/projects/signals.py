"""Signals the project registry sends to the apps above it.

``naming_coach`` is sent inside the transaction that names someone a
project's coach, before the team row is written. The coaching app receives
it to apply the coach pool's rules (an active coach with capacity left); a
receiver refuses by raising :class:`qls.projects.errors.CoachError`, which
rolls the whole change back. Sent with ``project`` and ``staff``.

``project_registered`` is sent inside the registration transaction when the
project was started from somewhere else in QLS (an ``origin`` such as a
failed accreditation standard). The app that owns the origin receives it and
records the link back; a receiver refuses by raising
:class:`qls.projects.errors.ProjectError`, and nothing is registered. Sent
with ``project``, ``origin`` (the string the registration form carried) and
``by``. The receiver that owns the origin returns True; when none does the
registration is refused.
"""

from __future__ import annotations

from django.dispatch import Signal

naming_coach = Signal()
project_registered = Signal()
