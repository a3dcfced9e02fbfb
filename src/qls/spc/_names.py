"""Chart and rule-set names, importable without NumPy (the command line's --help)."""

from __future__ import annotations

CHARTS = ("xmr", "run", "p", "pp", "u", "up", "c", "g", "t")
RULE_SETS = ("mdc", "anhoej")
