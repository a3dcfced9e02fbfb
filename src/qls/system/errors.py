"""The ways a change to the risk register is refused."""

from __future__ import annotations


class RiskError(Exception):
    """A change to a quality risk that cannot be made."""


class ReasonRequiredError(RiskError):
    """A change of escalation level without a reason."""


class SameLevelError(RiskError):
    """A change of escalation level to the level the risk is already at."""


class ActionStateError(RiskError):
    """An action that is already done."""
