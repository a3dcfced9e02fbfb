"""Signals the measurement area sends to the apps above it.

``series_changed`` is sent after the SPC cache of some series has been
recomputed and stored (an import, an API push, a hand edit, a metric's
definition changing), once per batch, with ``series_ids`` (a sorted list).
Apps whose own figures follow a series (a project measure linked to it)
receive it to bring those figures up to date; measurement never needs to
know who listens.
"""

from __future__ import annotations

from django.dispatch import Signal

series_changed = Signal()
